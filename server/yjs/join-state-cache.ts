/**
 * What a new tablet (empty state vector) is sent on joining a board: the whole document as last
 * encoded, then the changes since, kept as a few merged blocks. Encoding the whole document
 * costs 15–50 ms on the event loop at 5,000–17,000 concerns, and merging every change since into
 * one update at each join costs in proportion to all of them; on a board taking 200 concerns a
 * second both stalled every tablet in the hall. Here:
 *
 * - the changes since the encoding are merged as they come, in small batches (`MaxPendingBytes`),
 *   into blocks that only ever merge with a block of comparable size (the newest block is always
 *   under half the one before) and never past `MaxBlockBytes`. Merging costs ~25 µs per small
 *   update plus ~4 ms per 100 KB of blocks, so each step is a few ms, never a stall (merging
 *   1,000 concerns' updates at once took ~30 ms), and a join only hands out what is there;
 * - the whole document is encoded anew when the changes since weigh an eighth of it and the
 *   board is in a lull (no write for the lull's length), or, busy or not, once they weigh
 *   `BusyReencodeFactor` times as much. Concerns added since cost a new tablet no more bytes in
 *   blocks than in an encoding; moves and edits do (a merged block keeps overwritten values);
 * - a change that deletes anything but a number or a theme assignment (a concern hidden or
 *   deleted, a text edited) drops the encoding and the blocks: they still hold what was deleted,
 *   and a hidden concern's text must not reach a new tablet. A fresh encoding holds none of it
 *   (the server's document collects deleted content). Moves overwrite numbers and keep the cache;
 * - a fold of the update log (compaction) hands its snapshot over as the new encoding. A busy
 *   board's fold is due when its log weighs as much as the snapshot and is forced at four times
 *   that (board-authority's OverdueFactor), so on a busy board the two encodings fall together.
 */
import * as Y from 'yjs';

/** The changes since may weigh this fraction of the encoding before a join in a lull re-encodes. */
export const QuietReencodeFraction = 1 / 8;
/** Past this multiple of the encoding, the next join re-encodes even on a busy board. */
export const BusyReencodeFactor = 4;
/** Blocks are not merged into one larger than this. */
export const MaxBlockBytes = 128 * 1024;
/** Changes waiting for the next join are merged into a block once they weigh this much. */
export const MaxPendingBytes = 16 * 1024;

export class JoinStateCache {
  private full: Uint8Array | null = null;
  /** Merged blocks of changes, oldest first, each under half the size of the one before or past MaxBlockBytes. */
  private blocks: Uint8Array[] = [];
  /** Changes not yet in a block (merged at the next join, or once they weigh MaxPendingBytes). */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private sinceBytes = 0;

  /** A change to the document (every one, in order). */
  noteUpdate(update: Uint8Array): void {
    if (!this.full) return;
    this.pending.push(update);
    this.pendingBytes += update.length;
    this.sinceBytes += update.length;
    if (this.sinceBytes > this.full.length * BusyReencodeFactor) this.drop();
    else if (this.pendingBytes >= MaxPendingBytes) this.foldPending();
  }

  /** A transaction on the document is done (before its update is told): see `deletesContent`. */
  noteTransaction(transaction: Y.Transaction): void {
    if (this.full && deletesContent(transaction)) this.drop();
  }

  /** The whole document as it is now, encoded elsewhere (a compaction's snapshot). */
  seed(encoded: Uint8Array): void {
    this.reset(encoded);
  }

  /** Forgets the encoding: the next new client's join encodes anew. */
  private drop(): void {
    this.reset(null);
  }

  private reset(full: Uint8Array | null): void {
    this.full = full;
    this.blocks = [];
    this.pending = [];
    this.pendingBytes = 0;
    this.sinceBytes = 0;
  }

  /**
   * What a new client needs: the encoding (made with `encode` if there is none) and the blocks
   * since, which together are the document as it is now. The same bytes objects are handed out
   * while they stay true, so the frames made of them can be shared.
   */
  forNewClient(encode: () => Uint8Array, inLull: boolean): Uint8Array[] {
    if (this.full && inLull && this.sinceBytes > this.full.length * QuietReencodeFraction) this.drop();
    if (!this.full) this.seed(encode());
    this.foldPending();
    return [this.full!, ...this.blocks];
  }

  /** Merges the pending changes into a block, and that block with the newest ones while they are of comparable size. */
  private foldPending(): void {
    if (this.pending.length === 0) return;
    let block = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    for (let last = this.blocks.at(-1); last && last.length <= 2 * block.length && last.length + block.length <= MaxBlockBytes; last = this.blocks.at(-1)) {
      block = Y.mergeUpdates([last, block]);
      this.blocks.pop();
    }
    this.blocks.push(block);
  }
}

/**
 * Whether a transaction deleted content that may matter to someone: anything but numbers (a
 * position overwritten by a move) and a concern's theme assignment (an id). Called before the
 * server's document collects the deleted content, so the content is still there to look at.
 */
export function deletesContent(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size === 0) return false;
  let found = false;
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (found || !(struct instanceof Y.Item)) return;
    const content = struct.content;
    if (content instanceof Y.ContentDeleted) return;
    if (struct.parentSub === 'clusterId') return;
    if (content instanceof Y.ContentAny && content.arr.every((v) => typeof v === 'number')) return;
    found = true;
  });
  return found;
}
