/**
 * Open space: residents propose topics in the plenary's marketplace; moderators accept, merge or
 * decline them, define spaces and slots, and place accepted topics on the agenda wall. Accepting
 * a topic creates its breakout board, convened by the proposer. Convergence brings every
 * breakout's action items back to the plenary (server/commands/convergence-commands.ts).
 */
import type { CommandName, CommandResultOf } from '../../shared/commands.ts';
import { can } from '../../shared/permissions.ts';
import { boardMap } from '../../shared/board-doc.ts';
import { readBreakout, readTopic, slotsMap, spacesMap, topicAt, topicsMap, writeEntry, type BreakoutInfo, type TopicFields } from '../../shared/open-space.ts';
import { mergeSettings, DefaultSettings } from '../../shared/settings.ts';
import { readRuleState } from '../../shared/board-rule-state.ts';
import type { BoardRow } from '../storage/storage.ts';
import { newId } from '../ids.ts';
import { initialBoardUpdate } from '../sessions/session-service.ts';
import { commitTogether, stageAll } from '../yjs/board-authority.ts';
import { defineCommand, type CommandContext } from './command-types.ts';
import { boardSettings, fail, openBoard, recordOp, type BoardAccess } from './board-access.ts';

/** The session's plenary board, where the marketplace and the agenda wall live. */
export async function openPlenary(ctx: CommandContext): Promise<BoardAccess> {
  const plenary = (await ctx.storage.listBoards(ctx.actor.sessionId)).find((b) => b.kind === 'plenary');
  if (!plenary) return { ok: false, result: fail('NOT_FOUND', 'The session has no plenary board.') };
  return openBoard(ctx, plenary.id);
}

/** The plenary, after checking `can()` for a marketplace or agenda command. */
async function authorizeOnPlenary(ctx: CommandContext, command: CommandName): Promise<BoardAccess> {
  const access = await openPlenary(ctx);
  if (!access.ok) return access;
  const allowed = can(ctx.actor, command, readRuleState(access.room.doc));
  return allowed.ok ? access : { ok: false, result: allowed };
}

async function announceBoards(ctx: CommandContext): Promise<void> {
  const boards = (await ctx.storage.listBoards(ctx.actor.sessionId)).map((b) => ({ id: b.id, title: b.title, kind: b.kind }));
  ctx.notify.toSession(ctx.actor.sessionId, 'session:boards', { boards });
}

export const topicPropose = defineCommand('topic:propose', async (ctx, p) => {
  const access = await authorizeOnPlenary(ctx, 'topic:propose');
  if (!access.ok) return access.result;
  const { room } = access;
  if (!boardSettings(room).marketplace) return fail('FORBIDDEN', 'This session has no marketplace of topics.');
  const topic: TopicFields = {
    id: newId(), title: p.title, description: p.description ?? '', convenerId: ctx.actor.participantId,
    status: 'proposed', boardId: null, mergedInto: null, spaceId: null, slotId: null, createdAt: ctx.now,
  };
  const result = { topicId: topic.id };
  await room.serverChange((doc) => writeEntry(topicsMap(doc), topic), ctx.finalOps(result));
  return { ok: true, result };
});

export const topicAccept = defineCommand('topic:accept', async (ctx, p) => {
  const access = await authorizeOnPlenary(ctx, 'topic:accept');
  if (!access.ok) return access.result;
  const { room, board: plenary } = access;
  const topic = readTopic(room.doc, p.topicId);
  if (!topic) return fail('NOT_FOUND', 'No such topic.');
  if (topic.status !== 'proposed') return fail('CONFLICT', `This topic is already ${topic.status}.`);
  if (!boardSettings(room).marketplace) return fail('FORBIDDEN', 'This session has no marketplace of topics.');
  const session = await ctx.storage.getSession(ctx.actor.sessionId);
  if (!session) return fail('NOT_FOUND', 'The session no longer exists.');
  const breakout: BoardRow = { id: newId(), sessionId: session.id, title: topic.title, kind: 'breakout', createdAt: ctx.now };
  const info: BreakoutInfo = { topicId: topic.id, title: topic.title, convenerId: topic.convenerId, spaceId: null, slotId: null };
  const result = { boardId: breakout.id };
  // The breakout board, its first state and the topic's acceptance land in one commit.
  await room.serverChange((doc) => {
    const t = topicsMap(doc).get(topic.id)!;
    t.set('status', 'accepted');
    t.set('boardId', breakout.id);
  }, [
    { op: 'board.put', board: breakout },
    { op: 'board.update', boardId: breakout.id, update: initialBoardUpdate(mergeSettings(DefaultSettings, session.settings), (doc) => boardMap(doc).set('breakout', info)) },
    recordOp(ctx, plenary, 'topic.accepted', { topicId: topic.id, boardId: breakout.id, convenerId: topic.convenerId }),
    ...ctx.finalOps(result),
  ]);
  await announceBoards(ctx);
  return { ok: true, result };
});

export const topicMerge = defineCommand('topic:merge', async (ctx, p) => {
  const access = await authorizeOnPlenary(ctx, 'topic:merge');
  if (!access.ok) return access.result;
  const { room, board } = access;
  const source = readTopic(room.doc, p.sourceId);
  const target = readTopic(room.doc, p.targetId);
  if (!source || !target || p.sourceId === p.targetId) return fail('NOT_FOUND', 'Name two different existing topics.');
  if (source.status !== 'proposed') return fail('CONFLICT', 'Only a proposed topic can be merged into another.');
  if (target.status === 'declined' || target.status === 'merged') return fail('CONFLICT', `The target topic is ${target.status}.`);
  const result = {};
  await room.serverChange((doc) => {
    const s = topicsMap(doc).get(source.id)!;
    s.set('status', 'merged');
    s.set('mergedInto', target.id);
  }, [recordOp(ctx, board, 'topic.merged', { sourceId: source.id, targetId: target.id }), ...ctx.finalOps(result)]);
  return { ok: true, result };
});

export const topicDecline = defineCommand('topic:decline', async (ctx, p) => {
  const access = await authorizeOnPlenary(ctx, 'topic:decline');
  if (!access.ok) return access.result;
  const { room, board } = access;
  const topic = readTopic(room.doc, p.topicId);
  if (!topic) return fail('NOT_FOUND', 'No such topic.');
  if (topic.status !== 'proposed') return fail('CONFLICT', `This topic is already ${topic.status}.`);
  const result = {};
  await room.serverChange((doc) => {
    const t = topicsMap(doc).get(topic.id)!;
    t.set('status', 'declined');
    // The proposer sees why on the agenda wall (the record is for moderators only).
    t.set('declineReason', p.reason ?? null);
  }, [recordOp(ctx, board, 'topic.declined', { topicId: topic.id, reason: p.reason ?? null }), ...ctx.finalOps(result)]);
  return { ok: true, result };
});

/** `space:add` and `slot:add` differ only in the map they write to and the id's name in the answer. */
function placeCommand<N extends 'space:add' | 'slot:add'>(name: N, answer: (id: string) => CommandResultOf<N>) {
  return defineCommand(name, async (ctx, p) => {
    const access = await authorizeOnPlenary(ctx, name);
    if (!access.ok) return access.result;
    const id = newId();
    const result = answer(id);
    await access.room.serverChange((doc) => writeEntry(name === 'space:add' ? spacesMap(doc) : slotsMap(doc), { id, label: p.label, createdAt: ctx.now }), ctx.finalOps(result));
    return { ok: true, result };
  });
}

export const spaceAdd = placeCommand('space:add', (spaceId) => ({ spaceId }));
export const slotAdd = placeCommand('slot:add', (slotId) => ({ slotId }));

export const agendaPlace = defineCommand('agenda:place', async (ctx, p) => {
  const access = await authorizeOnPlenary(ctx, 'agenda:place');
  if (!access.ok) return access.result;
  const { room, board } = access;
  const placeable = (t: TopicFields | null): t is TopicFields & { boardId: string } => t !== null && t.status === 'accepted' && !!t.boardId;
  const before = readTopic(room.doc, p.topicId);
  if (!placeable(before)) return fail('NOT_FOUND', 'Only an accepted topic can be placed.');
  const breakout = await ctx.rooms.get(before.boardId, board.sessionId);
  // Checked again after the load, and from here on synchronously: nothing can take the place
  // between the check and the commit's change.
  const topic = readTopic(room.doc, p.topicId);
  if (!placeable(topic) || topic.boardId !== breakout.boardId) return fail('NOT_FOUND', 'Only an accepted topic can be placed.');
  if (!spacesMap(room.doc).has(p.spaceId) || !slotsMap(room.doc).has(p.slotId)) return fail('NOT_FOUND', 'No such space or time slot.');
  const taken = topicAt(room.doc, p.spaceId, p.slotId, topic.id);
  if (taken) return fail('CONFLICT', 'Another topic is already in this space at this time.');
  const result = { topicId: topic.id, spaceId: p.spaceId, slotId: p.slotId };
  // The breakout shows where and when it meets: its change and the plenary's are one commit.
  const staged = stageAll([
    {
      authority: room.authority,
      mutate: (doc) => {
        const t = topicsMap(doc).get(topic.id)!;
        t.set('spaceId', p.spaceId);
        t.set('slotId', p.slotId);
      },
    },
    {
      authority: breakout.authority,
      mutate: (doc) => {
        const info = readBreakout(doc);
        if (info) boardMap(doc).set('breakout', { ...info, spaceId: p.spaceId, slotId: p.slotId });
      },
    },
  ]);
  await commitTogether(ctx.storage, staged, [recordOp(ctx, board, 'agenda.placed', result), ...ctx.finalOps(result)]);
  return { ok: true, result };
});

export const boardEnter = defineCommand('board:enter', async (ctx, p) => {
  const board = await ctx.storage.getBoard(p.boardId);
  if (!board || board.sessionId !== ctx.actor.sessionId) return fail('NOT_FOUND', 'No such board in this session.');
  const allowed = can(ctx.actor, 'board:enter');
  if (!allowed.ok) return allowed;
  // The law of two feet: anyone may go to any board of their session at any time.
  if (ctx.connectionId) await ctx.presence.setBoard(ctx.connectionId, board.id);
  return { ok: true, result: { boardId: board.id } };
});
