/** Remote experts and co-facilitators: advice on themes and actions, a private back-channel, handing over. */
import type { BackchannelMessage } from '../../shared/command-results.ts';
import { can } from '../../shared/permissions.ts';
import { actionsMap, clustersMap } from '../../shared/board-doc.ts';
import { adviceMap, writeEntry, type AdviceFields } from '../../shared/open-space.ts';
import { newId } from '../ids.ts';
import { defineCommand } from './command-types.ts';
import { fail, authorizeOnBoard } from './board-access.ts';

export const adviceAdd = defineCommand('advice:add', async (ctx, p) => {
  const access = await authorizeOnBoard(ctx, 'advice:add', p.boardId);
  if (!access.ok) return access.result;
  const { room } = access;
  if (!clustersMap(room.doc).has(p.targetId) && !actionsMap(room.doc).has(p.targetId)) return fail('NOT_FOUND', 'Advice goes on a theme or an action item of this board.');
  const advice: AdviceFields = { id: newId(), targetId: p.targetId, text: p.text, authorId: ctx.actor.participantId, authorName: ctx.actor.name, createdAt: ctx.now };
  const result = { adviceId: advice.id };
  await room.serverChange((doc) => writeEntry(adviceMap(doc), advice), ctx.finalOps(result));
  return { ok: true, result };
});

export const backchannelSend = defineCommand('backchannel:send', async (ctx, p) => {
  const allowed = can(ctx.actor, 'backchannel:send');
  if (!allowed.ok) return allowed;
  const message: BackchannelMessage = { id: newId(), from: ctx.actor.participantId, name: ctx.actor.name, role: ctx.actor.role, text: p.text, at: ctx.now };
  const result = { messageId: message.id };
  await ctx.storage.commit([
    { op: 'record.append', entry: { sessionId: ctx.actor.sessionId, boardId: null, actorId: ctx.actor.participantId, kind: 'backchannel', data: message, at: ctx.now } },
    ...ctx.finalOps(result),
  ]);
  // Only the moderators' room: residents and the screen are never in it.
  ctx.notify.toModerators(ctx.actor.sessionId, 'backchannel', message);
  return { ok: true, result };
});

export const backchannelHistory = defineCommand('backchannel:history', async (ctx) => {
  const allowed = can(ctx.actor, 'backchannel:history');
  if (!allowed.ok) return allowed;
  const messages = (await ctx.storage.listRecord(ctx.actor.sessionId)).filter((e) => e.kind === 'backchannel')
    // Entries of this kind are written only by backchannel:send above, with a BackchannelMessage.
    .map((e) => e.data as BackchannelMessage);
  return { ok: true, result: { messages } };
});

export const facilitationHandover = defineCommand('facilitation:handover', async (ctx, p) => {
  const allowed = can(ctx.actor, 'facilitation:handover');
  if (!allowed.ok) return allowed;
  const to = await ctx.storage.getParticipant(p.participantId);
  if (!to || to.sessionId !== ctx.actor.sessionId || to.revoked || to.role !== 'facilitator') {
    return fail('NOT_FOUND', 'Hand over to a co-facilitator of this session (invite one first).');
  }
  const result = { leadFacilitator: to.id };
  await ctx.storage.commit([
    { op: 'record.append', entry: { sessionId: ctx.actor.sessionId, boardId: null, actorId: ctx.actor.participantId, kind: 'facilitation.handover', data: { from: ctx.actor.participantId, to: to.id }, at: ctx.now } },
    ...ctx.finalOps(result),
  ]);
  ctx.notify.toModerators(ctx.actor.sessionId, 'session:changed', { leadFacilitator: to.id });
  return { ok: true, result };
});
