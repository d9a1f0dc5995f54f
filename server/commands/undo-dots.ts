/**
 * What `record:undo` does to dots. Undoing a deletion puts the concern's dots back only as far as
 * each voter's budget still allows (they may have spent the refund elsewhere: the rest stay
 * refunded). Undoing a merge into a concern moves the dots that came with each folded concern
 * back to it, as far as they are still on the kept concern (a voter may have taken some back).
 */
import type { ActionFields, ClusterFields, MergedNote, NoteFields } from '../../shared/board-schema.ts';
import { notesMap } from '../../shared/board-doc.ts';
import type { DotDelta, VoteLedger, VoterDots } from '../../shared/voting.ts';
import type { BoardRoom } from '../yjs/board-room.ts';
import { boardSettings } from './board-access.ts';

/** The data of an undoable record entry, every kind's fields together. */
export interface UndoData {
  note?: NoteFields;
  cluster?: ClusterFields;
  source?: ClusterFields;
  noteIds?: string[];
  targetId?: string;
  action?: ActionFields;
  into?: { clusterId?: string; noteId?: string };
  before?: { id: string; clusterId: string | null }[];
  notes?: (NoteFields & { mergedNotes?: MergedNote[] })[];
  mergedFromBefore?: string[] | null;
  /** notes.merged into a concern: the theme the kept concern took from a folded one. */
  tookTheme?: string | null;
  /** note.deleted: the dots given back; notes.merged: the dots moved onto the kept concern. */
  dots?: (VoterDots & { from?: string })[];
}

/** The ledger changes of an undo (already applied to the ledger) and what the undo entry records of them. */
export interface UndoDots {
  deltas: DotDelta[];
  record: { restored: VoterDots[]; refunded: VoterDots[] } | { participantId: string; to: string; count: number }[] | null;
}

/** Plans and applies the dots of undoing `kind`; call synchronously right before the change commits. */
export function undoDots(kind: string, data: UndoData, room: BoardRoom, ledger: VoteLedger): UndoDots {
  const notes = notesMap(room.doc);
  if (kind === 'note.deleted' && data.note && !notes.has(data.note.id)) {
    const back = ledger.putBack(data.note.id, data.dots ?? [], boardSettings(room));
    return { deltas: back.deltas, record: { restored: back.restored, refunded: back.refunded } };
  }
  const keptId = data.into?.noteId;
  if (kind === 'notes.merged' && keptId) {
    const returning = new Set((data.notes ?? []).filter((n) => !notes.has(n.id)).map((n) => n.id));
    const deltas: DotDelta[] = [];
    const moved: { participantId: string; to: string; count: number }[] = [];
    for (const m of data.dots ?? []) {
      if (!m.from || !returning.has(m.from)) continue;
      const count = Math.min(m.count, ledger.mine(m.participantId)[keptId] ?? 0);
      if (count <= 0) continue;
      const pair = [
        { participantId: m.participantId, targetId: keptId, delta: -count },
        { participantId: m.participantId, targetId: m.from, delta: count },
      ];
      ledger.apply(pair);
      deltas.push(...pair);
      moved.push({ participantId: m.participantId, to: m.from, count });
    }
    return { deltas, record: moved };
  }
  return { deltas: [], record: null };
}
