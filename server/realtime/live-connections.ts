/** Every live connection of this process by participant, so a kick closes them on every transport. */

export interface Closable {
  close(code: number, reason: string): void;
}

export class LiveConnections {
  private readonly byParticipant = new Map<string, Set<Closable>>();

  add(participantId: string, conn: Closable): void {
    let set = this.byParticipant.get(participantId);
    if (!set) this.byParticipant.set(participantId, (set = new Set()));
    set.add(conn);
  }

  remove(participantId: string, conn: Closable): void {
    const set = this.byParticipant.get(participantId);
    if (!set) return;
    set.delete(conn);
    if (set.size === 0) this.byParticipant.delete(participantId);
  }

  /** Closes every connection of the participant; returns how many were closed. */
  closeParticipant(participantId: string, code: number, reason: string): number {
    const set = this.byParticipant.get(participantId);
    if (!set) return 0;
    this.byParticipant.delete(participantId);
    for (const c of set) c.close(code, reason);
    return set.size;
  }

  closeAll(code: number, reason: string): void {
    for (const set of this.byParticipant.values()) for (const c of set) c.close(code, reason);
    this.byParticipant.clear();
  }
}
