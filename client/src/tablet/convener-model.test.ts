/** The convener's tools over a real BoardModel (a Y.Doc in memory) and a fake command channel. */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Phase } from '../../../shared/board-schema.ts';
import { themePosition } from '../../../shared/board-placement.ts';
import type { Actor } from '../../../shared/roles.ts';
import type { CommandAck } from '../board-connection.ts';
import type { MessageKey } from '../i18n.ts';
import { BoardModel } from '../model/board-model.ts';
import { themeRegions } from './board-layout.ts';
import { ConvenerModel, newThemePlace } from './convener-model.ts';
import type { ConvenerConnection } from './convener-model.ts';

const convener: Actor = { participantId: 'p-li', sessionId: 's1', role: 'resident', name: null };
const neighbour: Actor = { participantId: 'p-wang', sessionId: 's1', role: 'resident', name: null };

/** A breakout (or, without a convener, the plenary) in a phase. */
function board(phase: Phase = 'gather', convenerId: string | null = 'p-li'): { doc: Y.Doc; model: BoardModel } {
  const doc = new Y.Doc();
  const b = doc.getMap('board');
  b.set('phase', phase);
  if (convenerId) b.set('breakout', { topicId: 't1', title: 'Benches', convenerId, spaceId: null, slotId: null });
  const model = new BoardModel(doc, (run) => {
    run();
    return () => {};
  });
  return { doc, model };
}

function addTheme(doc: Y.Doc, id: string, x: number, y: number): void {
  const m = new Y.Map<unknown>();
  doc.getMap('clusters').set(id, m);
  m.set('title', id);
  m.set('x', x);
  m.set('y', y);
  m.set('createdAt', x);
}

function addNote(doc: Y.Doc, id: string, x: number, y: number, clusterId: string | null): void {
  const m = new Y.Map<unknown>();
  doc.getMap('notes').set(id, m);
  m.set('text', id);
  m.set('x', x);
  m.set('y', y);
  m.set('clusterId', clusterId);
  m.set('createdAt', 1);
  m.set('color', 'yellow');
  m.set('authorId', 'p-wang');
}

type Sent = { name: string; payload: Record<string, unknown> };

function rig(model: BoardModel, actor: Actor = convener, answer: (s: Sent) => CommandAck = () => ({ ok: true })) {
  const sent: Sent[] = [];
  const said: { tone: string; key: MessageKey; vars?: Record<string, string | number> }[] = [];
  const conn: ConvenerConnection = {
    model: signal(model),
    async send(name, payload) {
      const s = { name, payload: payload as Record<string, unknown> };
      sent.push(s);
      return answer(s);
    },
  };
  const m = new ConvenerModel(conn, 'b1', actor, (tone, key, vars) => said.push({ tone, key, vars }));
  return { m, sent, said };
}

describe('ConvenerModel', () => {
  it('is the convener only on their own breakout, and may then run it as a moderator would', () => {
    expect(rig(board().model).m.isConvener.value).toBe(true);
    expect(rig(board().model).m.may('phase:set')).toBe(true);
    expect(rig(board().model).m.may('cluster:add')).toBe(true);
    // Another resident on the same breakout, and the convener on the plenary: no tools.
    const other = rig(board().model, neighbour).m;
    expect(other.isConvener.value).toBe(false);
    expect(other.may('phase:set')).toBe(false);
    const plenary = rig(board('gather', null).model).m;
    expect(plenary.isConvener.value).toBe(false);
    expect(plenary.may('timer:start')).toBe(false);
  });

  it('moves one step on or back without a reason; a jump forward waits for one', async () => {
    const { model } = board('cluster');
    const { m, sent, said } = rig(model);
    expect(m.nextPhase).toBe('vote');
    expect(m.previousPhase).toBe('gather');
    await m.moveTo('vote');
    await m.moveTo('gather');
    expect(sent).toEqual([
      { name: 'phase:set', payload: { boardId: 'b1', phase: 'vote' } },
      { name: 'phase:set', payload: { boardId: 'b1', phase: 'gather' } },
    ]);
    // cluster → done skips vote and act: nothing is sent until a reason is given.
    expect(await m.moveTo('done')).toBe(false);
    expect(m.jump.value).toBe('done');
    expect(m.skipped('done')).toEqual(['vote', 'act']);
    expect(await m.confirmJump()).toBe(false);
    expect(m.problem.value).toEqual({ field: 'reason', key: 'tablet.convener.reasonNeeded' });
    expect(sent).toHaveLength(2);
    m.type('reason', '  We agreed in the room  ');
    expect(m.problem.value).toBeNull();
    expect(await m.confirmJump()).toBe(true);
    expect(sent[2]).toEqual({ name: 'phase:set', payload: { boardId: 'b1', phase: 'done', reason: 'We agreed in the room' } });
    expect(m.jump.value).toBeNull();
    expect(said).toEqual([]);
  });

  it('keeps the jump open and says why when the server refuses', async () => {
    const { model } = board('gather');
    const { m, said } = rig(model, convener, () => ({ ok: false, error: { code: 'PHASE', message: 'no' } }));
    await m.moveTo('act');
    m.reason.value = 'short meeting';
    expect(await m.confirmJump()).toBe(false);
    expect(m.jump.value).toBe('act');
    expect(said).toEqual([{ tone: 'error', key: 'tablet.refused.PHASE', vars: undefined }]);
  });

  it('adds a theme where it covers no other theme and no concern', async () => {
    const { doc, model } = board('cluster');
    addTheme(doc, 'c1', 1600, 40);
    for (let i = 0; i < 6; i++) addNote(doc, `n${i}`, 1600 + (i % 2) * 216, 112 + Math.floor(i / 2) * 156, 'c1');
    // A concern somebody dragged to where the next theme column would be.
    addNote(doc, 'loose', 2100, 60, null);
    const { m, sent, said } = rig(model);
    expect(await m.addTheme()).toBe(false);
    expect(m.problem.value?.field).toBe('theme');
    m.themeTitle.value = ' Shade ';
    expect(await m.addTheme()).toBe(true);
    const p = sent[0]!.payload as { title: string; x: number; y: number };
    expect(sent[0]!.name).toBe('cluster:add');
    expect(p.title).toBe('Shade');
    expect(m.themeTitle.value).toBe('');
    expect(said.at(-1)).toEqual({ tone: 'ok', key: 'tablet.convener.themeAdded', vars: { title: 'Shade' } });
    // Its frame, with room for concerns below its title, touches nothing already there.
    addTheme(doc, 'new', p.x, p.y);
    const regions = themeRegions(model.clusters.value, model.notes.value);
    const frame = regions.find((r) => r.id === 'new')!;
    const others = [...regions.filter((r) => r.id !== 'new'), ...model.notes.value.map((n) => ({ x: n.x, y: n.y, w: 200, h: 140 }))];
    for (const r of others) {
      const apart = frame.x + frame.w <= r.x || r.x + r.w <= frame.x || frame.y + frame.h <= r.y || r.y + r.h <= frame.y;
      expect(apart, `overlaps ${JSON.stringify(r)}`).toBe(true);
    }
    // On an empty board the first theme takes the first theme column.
    expect(newThemePlace([], [])).toEqual(themePosition(0));
  });

  it('adds an action with a trimmed title', async () => {
    const { m, sent } = rig(board('act').model);
    m.actionTitle.value = '  Plant two trees ';
    expect(await m.addAction()).toBe(true);
    expect(sent).toEqual([{ name: 'action:add', payload: { boardId: 'b1', title: 'Plant two trees' } }]);
    expect(m.actionTitle.value).toBe('');
  });

  it('starts the timer with the typed minutes, refuses nonsense, pauses and resumes from what was left', async () => {
    const { doc, model } = board('gather');
    const { m, sent, said } = rig(model);
    m.minutes.value = 'ten';
    expect(await m.startTimer()).toBe(false);
    m.minutes.value = '500';
    expect(await m.startTimer()).toBe(false);
    expect(m.problem.value).toEqual({ field: 'minutes', key: 'tablet.convener.minutesInvalid' });
    expect(sent).toHaveLength(0);
    m.minutes.value = '2,5';
    expect(await m.startTimer()).toBe(true);
    expect(sent[0]).toEqual({ name: 'timer:start', payload: { boardId: 'b1', seconds: 150 } });
    expect(m.problem.value).toBeNull();
    await m.pauseTimer();
    expect(sent[1]).toEqual({ name: 'timer:pause', payload: { boardId: 'b1' } });
    doc.getMap('board').set('timer', { status: 'paused', remainingMs: 61_200, durationMs: 150_000 });
    await m.resumeTimer();
    expect(sent[2]).toEqual({ name: 'timer:start', payload: { boardId: 'b1', seconds: 62 } });
    expect(said.map((s) => s.key)).toEqual(['tablet.convener.timerStarted', 'tablet.convener.timerPaused', 'tablet.convener.timerResumed']);
  });

  it('reveals the vote from the vote step on, and the private writing with how many were shown', async () => {
    expect(rig(board('cluster').model).m.may('vote:reveal')).toBe(false);
    const { m, sent, said } = rig(board('vote').model, convener, (s) =>
      s.name === 'notes:reveal' ? { ok: true, revealed: 3, toScreening: false } : { ok: true, tallies: {}, voteOn: 'notes' },
    );
    expect(m.may('vote:reveal')).toBe(true);
    await m.revealVote();
    await m.revealPrivate();
    expect(sent.map((s) => s.name)).toEqual(['vote:reveal', 'notes:reveal']);
    expect(said).toEqual([
      { tone: 'ok', key: 'tablet.convener.voteRevealed', vars: undefined },
      { tone: 'ok', key: 'tablet.convener.privateShown', vars: { n: 3 } },
    ]);
  });

  it('after the reveal closed voting the convener may reopen it; a resident elsewhere may not', async () => {
    const b = board('vote');
    b.doc.getMap('board').set('voting', 'closed');
    const { m, sent, said } = rig(b.model, convener, () => ({ ok: true, voting: 'open' }));
    expect(m.may('vote:reopen')).toBe(true);
    await m.reopenVote();
    expect(sent).toEqual([{ name: 'vote:reopen', payload: { boardId: 'b1' } }]);
    expect(said.map((s) => s.key)).toEqual(['tablet.convener.voteReopened']);
    expect(rig(b.model, neighbour).m.may('vote:reopen')).toBe(false);
  });

  it('reads the board as it is now, also after the connection replaced it', () => {
    const first = board('gather');
    const conn = { model: signal(first.model), send: async () => ({ ok: true }) as CommandAck };
    const m = new ConvenerModel(conn, 'b1', convener, () => {});
    expect(m.steps.value.find((s) => s.state === 'current')?.phase).toBe('gather');
    conn.model.value = board('vote').model;
    expect(m.steps.value.find((s) => s.state === 'current')?.phase).toBe('vote');
    conn.model.value = board('vote', 'p-other').model;
    expect(m.isConvener.value).toBe(false);
  });
});
