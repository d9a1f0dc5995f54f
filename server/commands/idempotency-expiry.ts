/**
 * Idempotency results expire. A stored result exists so that a replay of the same command (an
 * offline outbox, a resend after a lost ack) is answered instead of run again; a replay needs a
 * valid token of the same participant, and every token that was valid when the command ran
 * expires at most the longest token lifetime later. So a row is kept that long after it was
 * written, then deleted by a sweep (docs/API.md §6 "Idempotency keys").
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Storage } from '../storage/storage.ts';

const hour = 3600 * 1000;
const second = 1000;

export interface IdempotencyExpiryDeps {
  storage: Storage;
  log: Pick<FastifyBaseLogger, 'warn'>;
  /** Token lifetimes in ms (config.tokenTtl): rows are kept for the longer one. */
  tokenTtl: { moderator: number; participant: number };
  now?: () => number;
}

export class IdempotencyExpiry {
  /** How long a row is kept after the command ran. */
  readonly keepMs: number;
  /** How often the sweep runs: hourly, or more often when the lifetimes are short (tests). */
  readonly everyMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: IdempotencyExpiryDeps) {
    this.now = deps.now ?? Date.now;
    this.keepMs = Math.max(deps.tokenTtl.moderator, deps.tokenTtl.participant);
    // A row lives at most keepMs + everyMs; a quarter of keepMs keeps that overshoot small.
    this.everyMs = Math.min(hour, Math.max(second, Math.floor(this.keepMs / 4)));
  }

  /** Sweeps now and then every `everyMs` (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  /** Stops sweeping and waits for a sweep that is running. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Deletes the rows older than `keepMs`. Never throws: a failure is logged and the next sweep tries again. */
  sweep(): Promise<void> {
    this.running ??= this.deps.storage
      .commit([{ op: 'idempotency.expire', before: this.now() - this.keepMs }])
      .catch((err: unknown) => this.deps.log.warn({ err }, 'expiring idempotency results failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
