/** The big screen's model over a fake connection: join link, dots-left count, timer, announcements, following the facilitator. */
import { computed, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommandAck, ConnectionStatus } from '../board-connection.ts';
import { BoardModel } from '../model/board-model.ts';
import { SessionPushes } from '../model/session-pushes.ts';
import { setLocale } from '../i18n.ts';
import { BigScreenModel } from './screen-model.ts';
import { rankedRows } from '../model/tallies.ts';
import type { ScreenConnection, ScreenModelDeps } from './screen-model.ts';

const runNow = (run: () => void) => {
  run();
  return () => {};
};

function fakeConnection() {
  const doc = new Y.Doc();
  const model = signal(new BoardModel(doc, runNow));
  const status = signal<ConnectionStatus>('online');
  const sent: { name: string; payload: object }[] = [];
  let answer: CommandAck = { ok: true, boardId: 'b1', voters: 9, withDotsLeft: 4, dotsPerParticipant: 5 };
  const conn: ScreenConnection = {
    model,
    phase: computed(() => model.value.phase.value),
    status,
    pushes: new SessionPushes(() => 1_000),
    send: async (name, payload) => {
      sent.push({ name, payload });
      return answer;
    },
  };
  const board = (key: string, value: unknown) => doc.getMap('board').set(key, value);
  return { doc, conn, status, sent, board, setAnswer: (a: CommandAck) => (answer = a) };
}

function make(conn: ScreenConnection, extra: Partial<ScreenModelDeps> = {}) {
  const followed: string[] = [];
  let tick: (() => void) | null = null;
  const screen = new BigScreenModel({
    conn,
    boardId: 'b1',
    token: 'tok',
    loadMe: async () => ({ participantId: 'p', role: 'screen', name: null, sessionId: 's', title: 'T', boards: [], joinCode: 'ACDEFGHJ', joinCodeDisplay: 'ACDE-FGHJ', joinUrl: 'https://hall.example/j/ACDEFGHJ', joinOpen: true }),
    follow: (id) => followed.push(id),
    every: (_ms, run) => {
      tick = run;
      return () => (tick = null);
    },
    ...extra,
  });
  return { screen, followed, tick: () => tick?.() };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('BigScreenModel', () => {
  it('shows the join link from /api/me and follows a rotated code at once', async () => {
    const f = fakeConnection();
    const { screen } = make(f.conn);
    await flush();
    expect(screen.join.value).toEqual({ url: 'https://hall.example/j/ACDEFGHJ', code: 'ACDE-FGHJ', open: true });
    f.conn.pushes.receive('session:changed', { joinCode: 'KMNPQRTU' });
    expect(screen.join.value).toEqual({ url: 'https://hall.example/j/KMNPQRTU', code: 'KMNP-QRTU', open: true });
    screen.destroy();
  });

  it('asks vote:status when the vote starts, then takes the pushed counts; nothing outside the vote', async () => {
    const f = fakeConnection();
    const { screen } = make(f.conn);
    f.board('phase', 'gather');
    expect(screen.dotsLeft.value).toBeNull();
    expect(f.sent).toEqual([]);
    f.board('phase', 'vote');
    await flush();
    expect(f.sent).toEqual([{ name: 'vote:status', payload: { boardId: 'b1' } }]);
    expect(screen.dotsLeft.value).toEqual({ voters: 9, withDotsLeft: 4 });
    f.conn.pushes.receive('vote:progress', { boardId: 'b1', voters: 9, withDotsLeft: 3, dotsPerParticipant: 5 });
    expect(screen.dotsLeft.value).toEqual({ voters: 9, withDotsLeft: 3 });
    f.conn.pushes.receive('vote:progress', { boardId: 'other', voters: 2, withDotsLeft: 0, dotsPerParticipant: 5 });
    expect(screen.dotsLeft.value).toEqual({ voters: 9, withDotsLeft: 3 });
    f.board('phase', 'act');
    expect(screen.dotsLeft.value).toBeNull();
    screen.destroy();
  });

  it('once the reveal closes the vote the screen stops asking for dots: no "put your dots", no count; reopening brings both back', async () => {
    const f = fakeConnection();
    const { screen } = make(f.conn);
    f.board('phase', 'vote');
    await flush();
    expect(screen.hint.value).toBe('screen.hint.vote');
    expect(screen.dotsLeft.value).not.toBeNull();
    f.board('tallies', { n1: 2 });
    f.board('voting', 'closed');
    expect(screen.hint.value).toBe('screen.hint.voteClosed');
    expect(screen.dotsLeft.value).toBeNull();
    f.board('voting', 'open');
    expect(screen.hint.value).toBe('screen.hint.vote');
    expect(screen.dotsLeft.value).not.toBeNull();
    screen.destroy();
  });

  it('counts the timer down by the server clock, never above its duration, and ticks only while it runs', () => {
    const f = fakeConnection();
    const { screen, tick } = make(f.conn);
    expect(screen.remainingMs()).toBeNull();
    f.conn.pushes.receive('hello', { participantId: 'p', role: 'screen', sessionId: 's', serverNow: 1_000 + 5_000 }); // server 5 s ahead
    const now = Date.now();
    f.board('timer', { status: 'running', endsAt: now + 5_000 + 60_000, durationMs: 60_000 });
    tick();
    expect(screen.remainingMs()).toBeGreaterThan(58_000);
    expect(screen.remainingMs()).toBeLessThanOrEqual(60_000);
    f.board('timer', { status: 'paused', remainingMs: 12_000, durationMs: 60_000 });
    expect(screen.remainingMs()).toBe(12_000);
    expect(screen.paused()).toBe(true);
    screen.destroy();
  });

  it('announces phase changes, the reveal (first place) and the spotlight, but not what was there on load', () => {
    setLocale('en');
    const f = fakeConnection();
    const notes = f.doc.getMap('notes');
    for (const [id, text, createdAt] of [['n1', 'Lift', 1], ['n2', 'Lights', 2]] as const) {
      const m = new Y.Map<unknown>();
      notes.set(id, m);
      m.set('text', text);
      m.set('createdAt', createdAt);
    }
    f.board('phase', 'vote');
    const { screen } = make(f.conn);
    expect(screen.announcement.value).toBe('');
    f.board('tallies', { n1: 2, n2: 5 });
    expect(screen.announcement.value).toBe('Votes revealed. First place: Lights, 5 dots.');
    expect(rankedRows(f.conn.model.value).map((r) => [r.title, r.rank])).toEqual([['Lights', 1], ['Lift', 2]]);
    f.board('phase', 'act');
    expect(screen.announcement.value).toBe('Now: Act. We agree who does what, and by when.');
    f.board('spotlight', 'n1');
    expect(screen.announcement.value).toBe('In focus: Lift');
    screen.destroy();
  });

  it('follows the facilitator to another board, not to its own', () => {
    const f = fakeConnection();
    const { screen, followed } = make(f.conn);
    f.conn.pushes.receive('board:goto', { boardId: 'b1', by: 'f' });
    f.conn.pushes.receive('board:goto', { boardId: 'b2', by: 'f' });
    expect(followed).toEqual(['b2']);
    screen.destroy();
  });

  it('shows the people the server counts (screens are not people)', () => {
    const f = fakeConnection();
    const { screen } = make(f.conn);
    expect(screen.present.value).toBeNull();
    f.conn.pushes.receive('roster', { sessionId: 's', online: 12, screens: 2, byBoard: {} });
    expect(screen.present.value).toBe(12);
    screen.destroy();
  });
});
