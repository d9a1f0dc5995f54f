/**
 * My concerns on one board: those on the board written by me, those held out of it (private
 * writing, waiting for screening, not accepted, taken off), those merged into another concern
 * (listed by the kept one), and those still on their way.
 * Held ones are fetched with `notes:held` whenever the server says they changed.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import type { NoteColor } from '../../../shared/board-schema.ts';
import type { HeldNote, HeldState } from '../../../shared/command-results.ts';
import { isQueued } from '../board-connection.ts';
import type { BoardConnection, SendAck } from '../board-connection.ts';
import type { NoteView } from '../model/board-model.ts';

/** Why a concern of mine is not on the board; a concern of mine that the board does not show (yet). */
export type { HeldNote, HeldState };

/** One concern in "My concerns", wherever it is. */
export type MyConcern =
  | { where: 'board'; note: NoteView }
  | { where: 'held'; note: NoteView; state: HeldState; reason: string | null }
  /** Folded into another concern by a moderator (note:mergeInto): it now counts as `into`. */
  | { where: 'merged'; id: string; text: string; into: NoteView }
  /** Kept in the outbox: on its way, or waiting on this device for a connection. */
  | { where: 'sending'; key: string; text: string; color: NoteColor };

/** What the tablet said when a concern was posted: held as private writing, waiting for screening, or on the board. */
export type PostedAs = 'private' | 'pending' | 'public';

/**
 * What replaces the "posted" notice once the concern moved on, so the notice never says
 * "only you see it" after the facilitator showed it: a new sentence, `clear` (it was not
 * accepted or taken off: "My concerns" says why), or null while the notice is still true
 * (or the concern's new place is not known yet).
 */
export function postedFollowUp(said: PostedAs, now: 'board' | HeldState | null): 'tablet.add.nowOnBoard' | 'tablet.add.nowPending' | 'clear' | null {
  if (now === null || said === 'public' || now === said) return null;
  if (now === 'board') return 'tablet.add.nowOnBoard';
  if (now === 'pending') return 'tablet.add.nowPending';
  return now === 'private' ? null : 'clear';
}

/** The connection parts this model needs (a fake in tests). */
export type ConcernsConnection = Pick<BoardConnection, 'send' | 'pushes' | 'status' | 'model' | 'outbox'>;

/** "My concerns" on the tablet: mine on the board, held out of it or still in the outbox, as one list. */
export class MyConcernsModel {
  readonly held = signal<HeldNote[]>([]);
  /** Newest first: waiting in the outbox, then held and on the board by time. */
  readonly list = computed<MyConcern[]>(() => {
    const notes = this.conn.model.value.notes.value;
    const onBoard = notes.filter((n) => n.authorId === this.me);
    const merged = notes.flatMap((into) => (into.mergedNotes ?? [])
      .filter((m) => m.authorId === this.me && !notes.some((n) => n.id === m.id))
      .map((m) => ({ at: m.createdAt, item: { where: 'merged', id: m.id, text: m.text, into } as MyConcern })));
    const items: { at: number; item: MyConcern }[] = [
      ...onBoard.map((note) => ({ at: note.createdAt, item: { where: 'board', note } as MyConcern })),
      ...merged,
      ...this.held.value
        .filter((h) => !onBoard.some((n) => n.id === h.note.id))
        .map((h) => ({ at: h.note.createdAt, item: { where: 'held', note: h.note, state: h.state, reason: h.reason } as MyConcern })),
    ];
    items.sort((a, b) => b.at - a.at);
    const sending = this.conn.outbox.pending.value
      .filter((e) => e.name === 'note:add' && e.payload.boardId === this.boardId && typeof e.payload.text === 'string')
      .reverse()
      .map((e): MyConcern => ({ where: 'sending', key: e.key, text: e.payload.text as string, color: (e.payload.color as NoteColor | undefined) ?? 'yellow' }));
    return [...sending, ...items.map((i) => i.item)];
  });

  private readonly stop: () => void;
  private destroyed = false;

  constructor(private readonly conn: ConcernsConnection, private readonly boardId: string, private readonly me: string) {
    // Refetch when the server says a held concern changed, and after each (re)connection.
    this.stop = effect(() => {
      const bump = conn.pushes.heldChanged.value[boardId] ?? 0;
      const online = conn.status.value === 'online';
      if (online || bump) untracked(() => void this.refresh());
    });
  }

  /**
   * Posts a concern. It waits in the outbox (shown as sending) until the server acked it; offline
   * the ack is `queued` at once and the outbox sends it on reconnect.
   */
  async add(text: string, color: NoteColor): Promise<SendAck<'note:add'>> {
    const ack = await this.conn.send('note:add', { boardId: this.boardId, text, color });
    if (!this.destroyed && ack.ok && !isQueued(ack) && ack.state !== 'public') await this.refresh();
    return ack;
  }

  /** Where one of my concerns is now: on the board, held (and why), or null (gone, or not known yet). */
  whereIs(noteId: string): 'board' | HeldState | null {
    if (this.conn.model.value.notes.value.some((n) => n.id === noteId)) return 'board';
    return this.held.value.find((h) => h.note.id === noteId)?.state ?? null;
  }

  /** Deletes one of my concerns (on the board or held). */
  async remove(noteId: string): Promise<SendAck<'note:delete'>> {
    const ack = await this.conn.send('note:delete', { boardId: this.boardId, noteId });
    if (ack.ok) this.held.value = this.held.value.filter((h) => h.note.id !== noteId);
    return ack;
  }

  /** Reads my held concerns from the server. */
  async refresh(): Promise<void> {
    const ack = await this.conn.send('notes:held', { boardId: this.boardId });
    if (this.destroyed || !ack.ok) return;
    this.held.value = ack.notes.filter((h) => h.note.authorId === this.me);
  }

  destroy(): void {
    this.destroyed = true;
    this.stop();
  }
}
