/** Console models over a real BoardModel (a Y.Doc in memory) and a fake command channel. */
import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommandAck } from '../board-connection.ts';
import { BoardModel } from '../model/board-model.ts';
import { SessionPushes } from '../model/session-pushes.ts';
import { parseRoute, screenPath } from '../route.ts';
import { getSession, saveSession } from '../session-store.ts';
import type { StoredSession } from '../session-store.ts';
import { BigScreenLauncher } from './big-screen-launcher.ts';
import { ConsoleModel } from './console-model.ts';
import type { ConsoleConn } from './console-model.ts';
import { undoable } from './moderation-model.ts';
import { ProcedureModel, TimerModel, formatClock } from './procedure-model.ts';
import { SimilarModel } from './similar-model.ts';
import { mayKick } from './people-model.ts';
import { agendaGrid } from './open-space-model.ts';
import { balanceRows } from './participation-model.ts';
import { validField } from './actions-model.ts';
import { rankedRows } from '../model/tallies.ts';

const stored: StoredSession = { sessionId: 's1', token: 'tok-f', participantId: 'p-f', role: 'facilitator', title: 'Lift', joinCode: 'ACDEFGHJ', savedAt: 0 };

function board(phase = 'gather'): { doc: Y.Doc; model: BoardModel } {
  const doc = new Y.Doc();
  doc.getMap('board').set('phase', phase);
  const model = new BoardModel(doc, (run) => {
    run();
    return () => {};
  });
  return { doc, model };
}

function addNote(doc: Y.Doc, id: string, text: string, createdAt: number): void {
  const m = new Y.Map<unknown>();
  doc.getMap('notes').set(id, m);
  m.set('text', text);
  m.set('createdAt', createdAt);
  m.set('color', 'yellow');
  m.set('authorId', 'r1');
}

function fakeConn(model: BoardModel, answer: (name: string, payload: Record<string, unknown>) => CommandAck = () => ({ ok: true })) {
  const sent: { name: string; payload: Record<string, unknown> }[] = [];
  const conn: ConsoleConn = {
    model: signal(model),
    pushes: new SessionPushes(() => 1_000),
    async send(name, payload) {
      sent.push({ name, payload: payload as Record<string, unknown> });
      return answer(name, payload as Record<string, unknown>);
    },
  };
  return { conn, sent };
}

const noMe = () => new Promise<never>(() => {});

describe('ConsoleModel', () => {
  it('sends each command with its own payload (board commands name this board) and says what went wrong in words', async () => {
    const { model } = board();
    const { conn, sent } = fakeConn(model, (name) => (name === 'board:lock' ? { ok: false, error: { code: 'PHASE', message: 'nope' } } : { ok: true }));
    const c = new ConsoleModel(conn, stored, 'b1', noMe);
    await c.run('timer:reset', { boardId: c.boardId }, () => 'done');
    expect(sent[0]).toEqual({ name: 'timer:reset', payload: { boardId: 'b1' } });
    expect(c.notice.value?.text()).toBe('done');
    await c.run('board:lock', { boardId: c.boardId, locked: true });
    expect(c.notice.value?.kind).toBe('error');
    await c.run('session:rotateCode', {});
    expect(sent[2]).toEqual({ name: 'session:rotateCode', payload: {} });
    c.destroy();
  });

  it('shows experts everything but session settings (can())', () => {
    const { model } = board();
    const { conn } = fakeConn(model);
    const expert = new ConsoleModel(conn, { ...stored, role: 'expert' }, 'b1', noMe);
    expect(expert.can('settings:set')).toBe(false);
    expect(expert.can('note:approve')).toBe(true);
    expect(expert.can('phase:set')).toBe(true);
    expect(expert.can('session:joining')).toBe(false);
    expert.destroy();
  });
});

describe('ProcedureModel: a jump forward needs a reason', () => {
  it('moves one step without asking', async () => {
    const { model } = board('gather');
    const { conn, sent } = fakeConn(model);
    const c = new ConsoleModel(conn, stored, 'b1', noMe);
    await new ProcedureModel(c).moveTo('cluster');
    expect(sent).toEqual([{ name: 'phase:set', payload: { boardId: 'b1', phase: 'cluster' } }]);
    expect(c.prompt.value).toBeNull();
  });

  it('asks for a reason when skipping, sends it, and sends nothing when cancelled', async () => {
    const { model } = board('gather');
    const { conn, sent } = fakeConn(model);
    const c = new ConsoleModel(conn, stored, 'b1', noMe);
    const p = new ProcedureModel(c);
    const moving = p.moveTo('vote');
    expect(c.prompt.value?.required).toBe(true);
    c.prompt.value!.resolve('Short meeting');
    await moving;
    expect(sent[0]).toEqual({ name: 'phase:set', payload: { boardId: 'b1', phase: 'vote', reason: 'Short meeting' } });
    p.scope.value = 'all';
    const again = p.moveTo('done');
    c.prompt.value!.resolve(null);
    expect(await again).toBe(false);
    expect(sent).toHaveLength(1);
  });
});

describe('TimerModel', () => {
  it('counts down against the server clock', () => {
    const { doc, model } = board();
    const { conn } = fakeConn(model);
    conn.pushes.receive('hello', { participantId: 'p', role: 'facilitator', sessionId: 's1', serverNow: 11_000 }); // server is 10 s ahead
    doc.getMap('board').set('timer', { status: 'running', endsAt: 71_000, durationMs: 60_000 });
    model.flush();
    const c = new ConsoleModel(conn, stored, 'b1', noMe);
    const timer = new TimerModel(c, () => 1_000, 1_000_000);
    expect(timer.remainingMs.value).toBe(60_000);
    expect(formatClock(timer.remainingMs.value!)).toBe('1:00');
    timer.destroy();
  });
});

describe('undo from the record', () => {
  it('lists undoable entries not undone yet, newest first, on this board', () => {
    const e = (seq: number, kind: string, data: object = {}, boardId = 'b1') => ({ seq, kind, data: data as Record<string, unknown>, boardId, actorId: null, at: 0 });
    const list = undoable([e(1, 'note.deleted'), e(2, 'phase.set'), e(3, 'cluster.deleted'), e(4, 'undo', { of: 1 }), e(5, 'action.deleted', {}, 'b2')], 'b1');
    expect(list.map((x) => x.seq)).toEqual([3]);
  });
});

describe('SimilarModel', () => {
  it('merges a suggested group into its oldest concern in one command', async () => {
    const { doc, model } = board('cluster');
    addNote(doc, 'n2', 'lift broken again', 20);
    addNote(doc, 'n1', 'the lift is broken', 10);
    model.flush();
    const { conn, sent } = fakeConn(model, (name) => (name === 'suggest:similar' ? { ok: true, groups: [{ noteIds: ['n2', 'n1'], score: 0.5 }] } : { ok: true }));
    const c = new ConsoleModel(conn, stored, 'b1', noMe);
    const s = new SimilarModel(c);
    await s.refresh();
    expect(s.views.value[0]!.notes.map((n) => n.id)).toEqual(['n1', 'n2']);
    await s.merge(s.views.value[0]!);
    expect(sent[1]).toEqual({ name: 'note:mergeInto', payload: { boardId: 'b1', noteIds: ['n2'], into: { noteId: 'n1' } } });
    expect(s.views.value).toEqual([]);
  });
});

describe('BigScreenLauncher: the screen token never replaces the facilitator token', () => {
  const mem = new Map<string, string>();
  beforeEach(() => {
    mem.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
      removeItem: (k: string) => void mem.delete(k),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('joins as a screen once, keeps it in the screen slot, and opens /s/<session>/<board>', async () => {
    saveSession({ sessionId: 's1', token: 'tok-f', participantId: 'p-f', role: 'facilitator', title: 'Lift' });
    const { model } = board();
    const { conn } = fakeConn(model);
    const c = new ConsoleModel(conn, stored, 'b1', noMe);
    const opened: { url: string; href: string }[] = [];
    let joins = 0;
    const launcher = new BigScreenLauncher(c, {
      openWindow: (url) => {
        const w = { url, href: url, location: { href: url }, close() {} };
        opened.push(w as never);
        return w;
      },
      join: async () => {
        joins++;
        return { token: 'tok-screen', participantId: 'p-s', role: 'screen', sessionId: 's1', title: 'Lift', boards: [] };
      },
    });
    await launcher.open();
    expect(getSession('s1')?.token).toBe('tok-f');
    expect(getSession('s1', 'screen')?.token).toBe('tok-screen');
    expect((opened[0] as unknown as { location: { href: string } }).location.href).toBe('/s/s1/b1');
    await launcher.open();
    expect(joins).toBe(1);
    expect(parseRoute(screenPath('s1', 'b1'))).toEqual({ name: 'board', sessionId: 's1', boardId: 'b1', slot: 'screen' });
  });
});

describe('small rules', () => {
  it('ranks tallies with shared ranks and leaves out what is gone', () => {
    const { doc, model } = board('vote');
    addNote(doc, 'a', 'A', 1);
    addNote(doc, 'b', 'B', 2);
    addNote(doc, 'c', 'C', 3);
    doc.transact(() => doc.getMap('board').set('tallies', { a: 3, b: 5, c: 3, gone: 9 }));
    model.flush();
    expect(rankedRows(model).map((r) => [r.targetId, r.rank])).toEqual([['b', 1], ['a', 2], ['c', 2]]);
  });

  it('kicks: nobody removes a facilitator; only a facilitator removes an expert', () => {
    const m = (role: 'facilitator' | 'expert' | 'resident') => ({ participantId: role, role, name: null, boards: [] });
    expect(mayKick('facilitator', 'me', m('facilitator'))).toBe(false);
    expect(mayKick('facilitator', 'me', m('expert'))).toBe(true);
    expect(mayKick('expert', 'me', m('expert'))).toBe(false);
    expect(mayKick('expert', 'me', m('resident'))).toBe(true);
  });

  it('builds the agenda grid from placed accepted topics', () => {
    const topic = { id: 't', title: 'T', description: '', convenerId: 'r', status: 'accepted' as const, boardId: 'b', mergedInto: null, spaceId: 'sp2', slotId: 'sl1', createdAt: 0 };
    const grid = agendaGrid([topic], ['sp1', 'sp2'], ['sl1']);
    expect(grid[0]!.map((cell) => cell.topic?.id ?? null)).toEqual([null, 't']);
  });

  it('orders balance rows as the settings list them, unspecified last', () => {
    const b = { joined: 1, present: 1, notes: 0 };
    expect(balanceRows({ unspecified: b, courier: b, resident: b }, ['resident', 'courier']).map((r) => r.key)).toEqual(['resident', 'courier', 'unspecified']);
  });

  it('checks direct action writes as the server guard would', () => {
    expect(validField('due', '2026-02-30')).toBe(false);
    expect(validField('due', '2026-02-28')).toBe(true);
    expect(validField('status', 'in_progress')).toBe(true);
    expect(validField('status', 'maybe')).toBe(false);
    expect(validField('owner', 'x'.repeat(201))).toBe(false);
  });
});
