/** Running the room: settings, shared timer, spotlight, lock, bring everyone, ready check. */
import { can } from '../../shared/permissions.ts';
import { actionsMap, boardMap, clustersMap, notesMap } from '../../shared/board-doc.ts';
import type { TimerState } from '../../shared/board-schema.ts';
import { DefaultSettings, mergeSettings } from '../../shared/settings.ts';
import { commitTogether, stageAll } from '../yjs/board-authority.ts';
import { defineCommand } from './command-types.ts';
import { boardSettings, fail, authorizeOnBoard, recordOp } from './board-access.ts';


export const settingsSet = defineCommand('settings:set', async (ctx, p) => {
  const allowed = can(ctx.actor, 'settings:set');
  if (!allowed.ok) return allowed;
  const session = await ctx.storage.getSession(ctx.actor.sessionId);
  if (!session) return fail('NOT_FOUND', 'The session no longer exists.');
  const boards = p.boardId ? [await ctx.storage.getBoard(p.boardId)] : await ctx.storage.listBoards(session.id);
  if (boards.some((b) => !b || b.sessionId !== session.id)) return fail('NOT_FOUND', 'No such board in this session.');
  const record = { op: 'record.append' as const, entry: { sessionId: session.id, boardId: p.boardId ?? null, actorId: ctx.actor.participantId, kind: 'settings.set', data: { settings: p.settings, scope: p.boardId ? 'board' : 'session' }, at: ctx.now } };
  // Session settings are stored on the session (new boards inherit them) and applied to every
  // board, all in one commit.
  const sessionOps = p.boardId ? [] : [{ op: 'session.put' as const, session: { ...session, settings: { ...session.settings, ...p.settings } } }];
  const rooms = [];
  for (const b of boards) rooms.push(await ctx.rooms.get(b!.id, session.id));
  let effective = mergeSettings(DefaultSettings, session.settings, p.settings);
  const staged = stageAll(rooms.map((room) => {
    const merged = mergeSettings(boardSettings(room), p.settings);
    effective = merged;
    return { authority: room.authority, mutate: (doc) => boardMap(doc).set('settings', merged) };
  }));
  await commitTogether(ctx.storage, staged, [...sessionOps, record, ...ctx.finalOps({ settings: effective })]);
  return { ok: true, result: { settings: effective } };
});

export const timerStart = defineCommand('timer:start', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'timer:start', p.boardId);
  if (!access.ok) return access.result;
  const timer: TimerState = { status: 'running', endsAt: ctx.now + p.seconds * 1000, durationMs: p.seconds * 1000 };
  const result = { timer, serverNow: ctx.now };
  await access.room.serverChange((doc) => boardMap(doc).set('timer', timer), ctx.finalOps(result));
  return { ok: true, result };
});

export const timerPause = defineCommand('timer:pause', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'timer:pause', p.boardId);
  if (!access.ok) return access.result;
  const current = boardMap(access.room.doc).get('timer') as TimerState | null | undefined;
  if (!current || current.status !== 'running') return fail('CONFLICT', 'The timer is not running.');
  const timer: TimerState = { status: 'paused', remainingMs: Math.max(0, current.endsAt - ctx.now), durationMs: current.durationMs };
  const result = { timer, serverNow: ctx.now };
  await access.room.serverChange((doc) => boardMap(doc).set('timer', timer), ctx.finalOps(result));
  return { ok: true, result };
});

export const timerReset = defineCommand('timer:reset', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'timer:reset', p.boardId);
  if (!access.ok) return access.result;
  const result = { timer: null, serverNow: ctx.now };
  await access.room.serverChange((doc) => boardMap(doc).set('timer', null), ctx.finalOps(result));
  return { ok: true, result };
});

export const spotlightSet = defineCommand('spotlight:set', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'spotlight:set', p.boardId);
  if (!access.ok) return access.result;
  const { room } = access;
  const t = p.targetId;
  if (t !== null && !notesMap(room.doc).has(t) && !clustersMap(room.doc).has(t) && !actionsMap(room.doc).has(t)) {
    return fail('NOT_FOUND', 'Nothing with this id on the board to put in the spotlight.');
  }
  const result = { spotlight: t };
  await room.serverChange((doc) => boardMap(doc).set('spotlight', t), ctx.finalOps(result));
  return { ok: true, result };
});

export const boardLock = defineCommand('board:lock', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'board:lock', p.boardId);
  if (!access.ok) return access.result;
  const result = { locked: p.locked };
  await access.room.serverChange((doc) => boardMap(doc).set('locked', p.locked), [recordOp(ctx, access.board, p.locked ? 'board.locked' : 'board.unlocked', {}), ...ctx.finalOps(result)]);
  return { ok: true, result };
});

export const boardBring = defineCommand('board:bring', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'board:bring', p.boardId);
  if (!access.ok) return access.result;
  ctx.notify.toSession(access.board.sessionId, 'board:goto', { boardId: access.board.id, by: ctx.actor.participantId });
  return { ok: true, result: { boardId: access.board.id } };
});

export const readySet = defineCommand('ready:set', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'ready:set', p.boardId);
  if (!access.ok) return access.result;
  const current = (boardMap(access.room.doc).get('ready') as string[] | undefined) ?? [];
  const next = p.ready ? [...new Set([...current, ctx.actor.participantId])] : current.filter((id) => id !== ctx.actor.participantId);
  const result = { ready: p.ready, readyCount: next.length };
  await access.room.serverChange((doc) => boardMap(doc).set('ready', next), ctx.finalOps(result));
  return { ok: true, result };
});
