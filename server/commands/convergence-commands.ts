/**
 * session:converge — every breakout's action items come back to the plenary with their
 * provenance, in one commit on the plenary. What happens to each action is decided by
 * shared/convergence.ts from the plenary's ledger (`board.converged`), so converging again
 * brings nothing twice, never resurrects a copy deleted on the plenary, and carries a breakout's
 * later edits unless the plenary's copy was edited since.
 */
import * as Y from 'yjs';
import { can } from '../../shared/permissions.ts';
import { actionsMap, boardMap, readAction, writeNewAction } from '../../shared/board-doc.ts';
import { BoardKeys, type ActionFields } from '../../shared/board-schema.ts';
import { carriedKey, convergeStep, type ConvergeStep, type ConvergenceLedger } from '../../shared/convergence.ts';
import { readBreakout } from '../../shared/open-space.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import { defineCommand } from './command-types.ts';
import { recordOp } from './board-access.ts';
import { openPlenary } from './open-space-commands.ts';

function readLedger(doc: Y.Doc): ConvergenceLedger {
  return { ...((boardMap(doc).get(BoardKeys.converged) ?? {}) as ConvergenceLedger) };
}

/** Replaces a plenary copy's carried fields with the breakout's (the title text in place). */
function carryInto(doc: Y.Doc, a: ActionFields): void {
  const m = actionsMap(doc).get(a.id) as Y.Map<unknown>;
  const title = m.get('title');
  if (title instanceof Y.Text) {
    title.delete(0, title.length);
    title.insert(0, a.title);
  } else m.set('title', a.title);
  m.set('owner', a.owner);
  m.set('due', a.due);
  m.set('status', a.status);
}

export const sessionConverge = defineCommand('session:converge', async (ctx) => {
  const allowed = can(ctx.actor, 'session:converge');
  if (!allowed.ok) return allowed;
  const plenaryAccess = await openPlenary(ctx);
  if (!plenaryAccess.ok) return plenaryAccess.result;
  const { room: plenary, board: plenaryRow } = plenaryAccess;
  const breakouts = (await ctx.storage.listBoards(ctx.actor.sessionId)).filter((b) => b.kind === 'breakout');
  const rooms: BoardRoom[] = [];
  for (const b of breakouts) rooms.push(await ctx.rooms.get(b.id, b.sessionId));
  // Every board is loaded: from here to the commit nothing else can change them.
  const ledger = readLedger(plenary.doc);
  const steps: { step: ConvergeStep; room: BoardRoom }[] = [];
  for (const room of rooms) {
    for (const id of actionsMap(room.doc).keys()) {
      const action = readAction(room.doc, id)!;
      steps.push({ room, step: convergeStep(action, readAction(plenary.doc, id), ledger[id]) });
    }
  }
  const count = (kind: ConvergeStep['kind']) => steps.filter((s) => s.step.kind === kind).map((s) => s.step.action.id);
  const added = count('add');
  const carried = count('carry');
  const kept = count('kept');
  const changes = steps.filter(({ step }) => step.kind === 'add' || step.kind === 'carry' || step.kind === 'adopt');
  const result = { converged: added.length, carried: carried.length, kept: kept.length, keptIds: kept, breakouts: breakouts.length, plenaryBoardId: plenaryRow.id };
  await plenary.serverChange((doc) => {
    for (const { step, room } of changes) {
      const a = step.action;
      if (step.kind === 'add') {
        const info = readBreakout(room.doc);
        writeNewAction(doc, a);
        const m = actionsMap(doc).get(a.id) as Y.Map<unknown>;
        m.set('sourceBoardId', room.boardId);
        m.set('topicId', info?.topicId ?? null);
        m.set('convenerId', info?.convenerId ?? null);
      } else if (step.kind === 'carry') carryInto(doc, a);
      const copyKey = step.kind === 'adopt' ? carriedKey(step.copy) : carriedKey(a);
      ledger[a.id] = { from: room.boardId, source: carriedKey(a), copy: copyKey };
    }
    if (changes.length) boardMap(doc).set(BoardKeys.converged, ledger);
  }, [recordOp(ctx, plenaryRow, 'session.converged', { converged: added.length, carried, kept, breakouts: breakouts.length }), ...ctx.finalOps(result)]);
  ctx.notify.toSession(ctx.actor.sessionId, 'board:goto', { boardId: plenaryRow.id, by: ctx.actor.participantId });
  return { ok: true, result };
});
