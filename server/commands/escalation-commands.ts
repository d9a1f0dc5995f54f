/**
 * Escalation between sessions: a moderator sends a theme or an action item to another session
 * (named by its escalation code); that session's moderators set its status, which both sides show.
 */
import type * as Y from 'yjs';
import { can } from '../../shared/permissions.ts';
import { normalizeJoinCode } from '../../shared/join-code.ts';
import { actionsMap, notesInCluster, readAction, readCluster, readNote } from '../../shared/board-doc.ts';
import type { EscalationRow, StorageOp } from '../storage/storage.ts';
import { escalationViews } from '../results/escalation-views.ts';
import { newId } from '../ids.ts';
import { defineCommand, type CommandContext } from './command-types.ts';
import { authorizeOnBoard, fail } from './board-access.ts';
import type { DisclosureCommandDeps } from './publish-commands.ts';

/** Tells both sessions' moderators that an escalation changed. */
function announce(ctx: CommandContext, row: EscalationRow): void {
  const base = { escalationId: row.id, status: row.status };
  ctx.notify.toModerators(row.sessionId, 'escalations:changed', { sessionId: row.sessionId, direction: 'outgoing', ...base });
  ctx.notify.toModerators(row.targetSessionId, 'escalations:changed', { sessionId: row.targetSessionId, direction: 'incoming', ...base });
}

/** `item:escalate` and `escalation:update`. */
export function escalationCommands(deps: DisclosureCommandDeps) {
  const view = async (ctx: CommandContext, row: EscalationRow) => (await escalationViews(ctx.storage, [row], ctx.actor.sessionId, deps.publicUrl()))[0]!;

  /**
   * Escalations of one item run one after the other: the "already escalated" check and the
   * write are separated by awaits, so two at once would otherwise both pass the check.
   */
  const running = new Map<string, Promise<unknown>>();
  const oneAtATime = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const prior = running.get(key);
    const mine = (async () => {
      if (prior) await prior.catch(() => undefined);
      return work();
    })();
    running.set(key, mine);
    try {
      return await mine;
    } finally {
      if (running.get(key) === mine) running.delete(key);
    }
  };

  const itemEscalate = defineCommand('item:escalate', (ctx, p) => oneAtATime(`${p.boardId}/${p.itemId}`, async () => {
    const access = await authorizeOnBoard(ctx, 'item:escalate', p.boardId);
    if (!access.ok) return access.result;
    const { room, board } = access;
    const target = await ctx.storage.getDisclosureByCode(normalizeJoinCode(p.code));
    const targetSession = target ? await ctx.storage.getSession(target.sessionId) : null;
    if (!target || !targetSession) return fail('NOT_FOUND', 'No session has this escalation code.');
    if (target.sessionId === board.sessionId) return fail('VALIDATION', 'code: this is your own session’s escalation code; use the code of the session to escalate to.');
    const earlier = (await ctx.storage.listEscalations(board.sessionId)).filter((e) => e.sessionId === board.sessionId && e.boardId === board.id && e.itemId === p.itemId);
    if (earlier.some((e) => e.status !== 'declined')) return fail('CONFLICT', 'This item was already escalated (it can be escalated again once declined).');

    // Snapshot and write without an await in between, so the item read is the item changed.
    let title: string;
    let detail: string;
    if (p.kind === 'theme') {
      const theme = readCluster(room.doc, p.itemId);
      if (!theme) return fail('NOT_FOUND', 'No such theme on this board.');
      title = theme.title;
      const texts = notesInCluster(room.doc, theme.id).map((id) => readNote(room.doc, id)).filter((n) => n !== null).sort((a, b) => a.createdAt - b.createdAt).map((n) => `- ${n.text}`);
      detail = [theme.title, ...texts].join('\n');
    } else {
      const action = readAction(room.doc, p.itemId);
      if (!action) return fail('NOT_FOUND', 'No such action item on this board.');
      title = action.title;
      detail = [action.title, `Owner: ${action.owner || '—'}`, `Due: ${action.due ?? '—'}`].join('\n');
    }
    const row: EscalationRow = {
      id: newId(), sessionId: board.sessionId, boardId: board.id, itemId: p.itemId, kind: p.kind, title, detail,
      targetSessionId: target.sessionId, status: 'open', createdBy: ctx.actor.participantId, createdAt: ctx.now, updatedAt: ctx.now,
    };
    const by = ctx.actor.role === 'facilitator' ? 'facilitator' as const : 'expert' as const;
    const result = { escalation: await view(ctx, row) };
    const ops: StorageOp[] = [
      { op: 'escalation.put', escalation: row },
      { op: 'record.append', entry: { sessionId: board.sessionId, boardId: board.id, actorId: ctx.actor.participantId, kind: 'item.escalated', data: { escalationId: row.id, kind: p.kind, itemId: p.itemId, targetSessionId: target.sessionId }, at: ctx.now } },
      // In the receiving session the actor is a stranger: no actor id.
      { op: 'record.append', entry: { sessionId: target.sessionId, boardId: null, actorId: null, kind: 'escalation.received', data: { escalationId: row.id, sourceSessionId: board.sessionId }, at: ctx.now } },
    ];
    if (p.kind === 'action') {
      ops.push({ op: 'actionUpdate.put', row: { id: newId(), sessionId: board.sessionId, boardId: board.id, actionId: p.itemId, at: ctx.now, status: 'escalated', note: `Escalated to ${targetSession.title}`, by, label: null, actorId: ctx.actor.participantId } });
    }
    ops.push(...ctx.finalOps(result));
    // The item may have been deleted while the view was built: check again right before the write.
    const still = p.kind === 'theme' ? readCluster(room.doc, p.itemId) : readAction(room.doc, p.itemId);
    if (!still) return fail('NOT_FOUND', 'The item was deleted meanwhile.');
    await room.serverChange((doc) => {
      if (p.kind !== 'action') return;
      const m = actionsMap(doc).get(p.itemId) as Y.Map<unknown> | undefined;
      if (m && m.get('status') !== 'escalated') m.set('status', 'escalated');
    }, ops);
    announce(ctx, row);
    return { ok: true, result };
  }));

  const escalationUpdate = defineCommand('escalation:update', async (ctx, p) => {
    const allowed = can(ctx.actor, 'escalation:update');
    if (!allowed.ok) return allowed;
    const row = await ctx.storage.getEscalation(p.escalationId);
    if (!row || (row.sessionId !== ctx.actor.sessionId && row.targetSessionId !== ctx.actor.sessionId)) return fail('NOT_FOUND', 'No such escalation to or from this session.');
    if (row.targetSessionId !== ctx.actor.sessionId) return fail('FORBIDDEN', 'Only the session the item was escalated to sets its status.');
    const updated: EscalationRow = { ...row, status: p.status, updatedAt: ctx.now };
    const note = p.note ?? '';
    const data = { escalationId: row.id, status: p.status };
    const ops: StorageOp[] = [
      { op: 'escalation.put', escalation: updated },
      { op: 'escalationUpdate.put', row: { id: newId(), escalationId: row.id, sessionId: row.targetSessionId, at: ctx.now, status: p.status, note, actorId: ctx.actor.participantId } },
      { op: 'record.append', entry: { sessionId: row.targetSessionId, boardId: null, actorId: ctx.actor.participantId, kind: 'escalation.updated', data, at: ctx.now } },
      { op: 'record.append', entry: { sessionId: row.sessionId, boardId: null, actorId: null, kind: 'escalation.updated', data, at: ctx.now } },
    ];
    const before = await view(ctx, updated);
    // The view was read before this commit: add the update it is about to store.
    const result = { escalation: { ...before, updates: [...before.updates, { at: ctx.now, status: p.status, note }] } };
    await ctx.storage.commit([...ops, ...ctx.finalOps(result)]);
    announce(ctx, updated);
    return { ok: true, result };
  });

  return { 'item:escalate': itemEscalate, 'escalation:update': escalationUpdate };
}
