/** Joining control: close or reopen joining, and rotate the join code (the old one stops working at once). */
import { can } from '../../shared/permissions.ts';
import { formatJoinCode } from '../../shared/join-code.ts';
import { newJoinCode } from '../ids.ts';
import { defineCommand } from './command-types.ts';
import { fail } from './board-access.ts';

export const sessionJoining = defineCommand('session:joining', async (ctx, p) => {
  const allowed = can(ctx.actor, 'session:joining');
  if (!allowed.ok) return allowed;
  const session = await ctx.storage.getSession(ctx.actor.sessionId);
  if (!session) return fail('NOT_FOUND', 'The session no longer exists.');
  const result = { joinOpen: p.open };
  await ctx.storage.commit([
    { op: 'session.put', session: { ...session, joinOpen: p.open } },
    { op: 'record.append', entry: { sessionId: session.id, boardId: null, actorId: ctx.actor.participantId, kind: p.open ? 'joining.opened' : 'joining.closed', data: {}, at: ctx.now } },
    ...ctx.finalOps(result),
  ]);
  ctx.notify.toModerators(session.id, 'session:changed', { joinOpen: p.open });
  return { ok: true, result };
});

export const sessionRotateCode = defineCommand('session:rotateCode', async (ctx) => {
  const allowed = can(ctx.actor, 'session:rotateCode');
  if (!allowed.ok) return allowed;
  const session = await ctx.storage.getSession(ctx.actor.sessionId);
  if (!session) return fail('NOT_FOUND', 'The session no longer exists.');
  // Codes are returned raw, like everywhere else; clients format them for display.
  let joinCode = newJoinCode();
  let result = { joinCode, joinCodeDisplay: formatJoinCode(joinCode) };
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.storage.commit([
        { op: 'session.put', session: { ...session, joinCode } },
        { op: 'record.append', entry: { sessionId: session.id, boardId: null, actorId: ctx.actor.participantId, kind: 'joinCode.rotated', data: {}, at: ctx.now } },
        ...ctx.finalOps(result),
      ]);
      break;
    } catch (err) {
      // A collision with another session's code fails on the unique index: draw again.
      if (attempt >= 3 || (await ctx.storage.getSessionByJoinCode(joinCode)) === null) throw err;
      joinCode = newJoinCode();
      result = { joinCode, joinCodeDisplay: formatJoinCode(joinCode) };
    }
  }
  // Screens show the code: tell them (and moderators) the new one.
  ctx.notify.toSession(session.id, 'session:changed', { joinCode: result.joinCode });
  return { ok: true, result };
});
