/**
 * What a new tablet (empty state vector) is sent on joining a board: the whole document as last
 * encoded, then the changes since, kept as a few merged blocks. Encoding the whole document
 * costs 15–50 ms on the event loop at 5,000–17,000 concerns, and merging every change since into
 * one update at each join costs in proportion to all of them; on a board taking 200 concerns a
 * second both stalled every tablet in the hall. Here:
 *
 * - the changes since the encoding are merged into blocks that only ever merge with a block of
 *   comparable size (the newest block is always under half the one before), so each change is
 *   merged about log₂(n) times in all and a join merges only what came since the last join;
 * - the whole document is encoded anew when the changes since weigh an eighth of it and the
 *   board is in a lull (no write for the lull's length), or, busy or not, once they weigh as
 *   much as it (a new tablet then receives at most about twice the document's bytes);
 * - a fold of the update log (compaction) hands its snapshot over as the new encoding.
 */
import * as Y from 'yjs';

/** The changes since may weigh this fraction of the encoding before a join in a lull re-encodes. */
export const QuietReencodeFraction = 1 / 8;
/** Past this multiple of the encoding, the next join re-encodes even on a busy board. */
export const BusyReencodeFactor = 1;

export class JoinStateCache {
  private full: Uint8Array | null = null;
  /** Merged blocks of changes, oldest first, each under half the size of the one before. */
  private blocks: Uint8Array[] = [];
  /** Changes not yet in a block (merged at the next join). */
  private pending: Uint8Array[] = [];
  private sinceBytes = 0;

  /** A change to the document (every one, in order). */
  noteUpdate(update: Uint8Array): void {
    if (!this.full) return;
    this.pending.push(update);
    this.sinceBytes += update.length;
    if (this.sinceBytes > this.full.length * BusyReencodeFactor) this.drop();
  }

  /** The whole document as it is now, encoded elsewhere (a compaction's snapshot). */
  seed(encoded: Uint8Array): void {
    this.full = encoded;
    this.blocks = [];
    this.pending = [];
    this.sinceBytes = 0;
  }

  drop(): void {
    this.full = null;
    this.blocks = [];
    this.pending = [];
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
    if (this.pending.length) {
      let block = this.pending.length === 1 ? this.pending[0]! : Y.mergeUpdates(this.pending);
      this.pending = [];
      while (this.blocks.length && this.blocks[this.blocks.length - 1]!.length <= 2 * block.length) {
        block = Y.mergeUpdates([this.blocks.pop()!, block]);
      }
      this.blocks.push(block);
    }
    return [this.full!, ...this.blocks];
  }
}
