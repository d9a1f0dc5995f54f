/**
 * My dots on one board: how many I have left and where I put them. A tap shows at once (on
 * slow hall Wi-Fi a dot that appears a second later gets tapped twice); the server's answer
 * then confirms it or takes it back with the reason (no dots left, too many on one item).
 */
import { computed, signal } from '@preact/signals';
import { isQueued } from '../board-connection.ts';
import type { CommandAck, SendCommand } from '../board-connection.ts';


/** Why a dot was not placed or taken back (an error code from the server, or NETWORK). */
export type VoteRefusal = Extract<CommandAck, { ok: false }>['error']['code'];

/** The voter's dots, loaded with `vote:mine` and kept by `vote:cast` / `vote:retract`. */
export class VoteModel {
  /** targetId → my dots on it. */
  readonly mine = signal<Record<string, number>>({});
  /** Dots in my budget on this board (null until loaded). */
  readonly budget = signal<number | null>(null);
  /** The last refusal, to explain; cleared by the next successful tap. */
  readonly refusal = signal<VoteRefusal | null>(null);
  readonly loaded = signal(false);
  /** Dots not yet placed (never below 0). */
  readonly remaining = computed(() => {
    const budget = this.budget.value;
    if (budget === null) return null;
    let spent = 0;
    for (const n of Object.values(this.mine.value)) spent += n;
    return Math.max(0, budget - spent);
  });

  private inFlight = 0;
  private loading: Promise<void> | null = null;
  private destroyed = false;

  constructor(private readonly send: SendCommand, private readonly boardId: string) {}

  /** Reads my dots from the server (after joining, a phase change or a refusal). */
  load(): Promise<void> {
    this.loading ??= this.send('vote:mine', { boardId: this.boardId }).then((ack) => {
      this.loading = null;
      if (this.destroyed || !ack.ok || this.inFlight > 0) return;
      this.mine.value = { ...ack.votes };
      this.budget.value = ack.dotsPerParticipant;
      this.loaded.value = true;
    });
    return this.loading;
  }

  /** My dots on one item. */
  dotsOn(targetId: string): number {
    return this.mine.value[targetId] ?? 0;
  }

  /** Whether one more dot may go on the item (budget left, under the cap). */
  canCast(targetId: string, cap: number): boolean {
    const left = this.remaining.value;
    return left !== null && left > 0 && this.dotsOn(targetId) < cap;
  }

  /** Puts one dot on the item. */
  cast(targetId: string): Promise<boolean> {
    return this.change('vote:cast', targetId, +1);
  }

  /** Takes one of my dots back from the item. */
  retract(targetId: string): Promise<boolean> {
    if (this.dotsOn(targetId) === 0) return Promise.resolve(false);
    return this.change('vote:retract', targetId, -1);
  }

  destroy(): void {
    this.destroyed = true;
  }

  private bump(targetId: string, by: number): void {
    const next = { ...this.mine.value };
    const n = (next[targetId] ?? 0) + by;
    if (n > 0) next[targetId] = n;
    else delete next[targetId];
    this.mine.value = next;
  }

  private async change(name: 'vote:cast' | 'vote:retract', targetId: string, by: 1 | -1): Promise<boolean> {
    this.bump(targetId, by);
    this.inFlight++;
    const ack = await this.send(name, { boardId: this.boardId, targetId });
    this.inFlight--;
    if (this.destroyed) return ack.ok;
    if (ack.ok) {
      this.refusal.value = null;
      // With nothing else in flight the server's numbers are the truth (another tablet of mine may have voted too).
      // Kept on the device (offline): the dot shows, the server's numbers come with the next load.
      if (this.inFlight === 0 && !isQueued(ack)) {
        const next = { ...this.mine.value };
        if (ack.onTarget > 0) next[targetId] = ack.onTarget;
        else delete next[targetId];
        this.mine.value = next;
        let spent = 0;
        for (const v of Object.values(next)) spent += v;
        this.budget.value = spent + ack.remaining;
      }
      return true;
    }
    this.bump(targetId, -by);
    this.refusal.value = ack.error.code;
    if (ack.error.code === 'BUDGET' || ack.error.code === 'CAP' || ack.error.code === 'NOT_FOUND') void this.load();
    return false;
  }
}
