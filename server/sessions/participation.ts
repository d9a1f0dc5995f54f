/**
 * Participation balance: people present and concerns by self-reported group and age band, so
 * the room can see who is missing. Aggregates only; never who said what.
 */
import { notesMap } from '../../shared/board-doc.ts';
import type { ParticipationBucket, ParticipationSummary } from '../../shared/socket-protocol.ts';
import type { Storage } from '../storage/storage.ts';
import type { Presence } from '../presence/presence.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';

/** Counts for one group or age band. */
export type Bucket = ParticipationBucket;

/** A session's participation balance. */
export type Participation = ParticipationSummary;

/** The bucket for people who gave no answer. */
export const Unspecified = 'unspecified';

export async function participation(sessionId: string, deps: { storage: Storage; presence: Presence; rooms: BoardRooms }): Promise<Participation> {
  const people = (await deps.storage.listParticipants(sessionId)).filter((p) => p.role === 'resident' && !p.revoked);
  const online = new Set((await deps.presence.roster(sessionId)).map((e) => e.participantId));
  const notesBy = new Map<string, number>();
  for (const b of await deps.storage.listBoards(sessionId)) {
    const room = await deps.rooms.get(b.id, sessionId);
    for (const m of notesMap(room.doc).values()) {
      const a = m.get('authorId') as string;
      notesBy.set(a, (notesBy.get(a) ?? 0) + 1);
    }
    // Concerns still private or awaiting screening count too: they were said.
    for (const h of await room.heldNotes()) {
      if (h.state === 'private' || h.state === 'pending') notesBy.set(h.note.authorId, (notesBy.get(h.note.authorId) ?? 0) + 1);
    }
  }
  const empty = (): Bucket => ({ joined: 0, present: 0, notes: 0 });
  const out: Participation = { sessionId, residents: empty(), byGroup: {}, byAgeBand: {} };
  for (const p of people) {
    // A scribed person is present through their scribe whenever the scribe is.
    const present = online.has(p.id) || (p.scribedBy != null && online.has(p.scribedBy)) ? 1 : 0;
    const notes = notesBy.get(p.id) ?? 0;
    for (const bucket of [out.residents, (out.byGroup[p.group ?? Unspecified] ??= empty()), (out.byAgeBand[p.ageBand ?? Unspecified] ??= empty())]) {
      bucket.joined += 1;
      bucket.present += present;
      bucket.notes += notes;
    }
  }
  return out;
}
