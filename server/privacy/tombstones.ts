/**
 * Ids of deleted sessions, boards and participants, remembered for a while so that a late write
 * is refused rather than recreating a row of something deleted.
 *
 * Every way to write for a session starts by reading its rows (a token names a participant, a
 * command or an upgrade names a board), and a deletion removes them all and closes every
 * connection of the session. So only work that read the session just before its deletion can
 * still name it after it: a command in flight, a board room flushing. That work ends within
 * seconds; after `DeletedIdGraceMs` nothing can, and the id is forgotten, so the remembered ids
 * stay bounded by the deletions of the last grace period instead of growing for the life of the
 * process. (The SQLite writer thread keeps its own copy of this rule in plain JavaScript.)
 */

/** How long a deleted id is remembered: far longer than any command or board flush takes. */
export const DeletedIdGraceMs = 10 * 60 * 1000;

/** A set of ids that each expire `graceMs` after they were added. */
export class Tombstones {
  /** Id → when it was added; Map order is insertion order, so the oldest come first. */
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly graceMs: number = DeletedIdGraceMs,
    private readonly now: () => number = Date.now,
  ) {}

  add(id: string): void {
    this.prune();
    // Re-adding moves the id to the end, so the order stays oldest first.
    this.ids.delete(id);
    this.ids.set(id, this.now());
  }

  has(id: string): boolean {
    this.prune();
    return this.ids.has(id);
  }

  /** How many ids are remembered now. */
  get size(): number {
    this.prune();
    return this.ids.size;
  }

  private prune(): void {
    const cutoff = this.now() - this.graceMs;
    for (const [id, at] of this.ids) {
      if (at > cutoff) break;
      this.ids.delete(id);
    }
  }
}
