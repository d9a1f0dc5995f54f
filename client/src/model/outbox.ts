/**
 * The offline outbox: commands a person makes are stored on the device first (localStorage, one
 * item per command, so closing the tab loses nothing), each with an idempotency key made once at
 * enqueue, and sent in order whenever a command channel is attached. A replay after a reconnect
 * or after reopening the app carries the same key, so the server runs each command at most once
 * (docs/API.md §6 "Idempotency keys"). One outbox per session and participant: it outlives the
 * board connections, which are recreated per board.
 */
import { computed, signal } from '@preact/signals';
import type { CommandName } from '../../../shared/commands.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import type { CommandAck, QueuedAck } from './command-ack.ts';

/**
 * Commands whose effect still makes sense minutes later, so they are kept and replayed when the
 * device is offline: what residents (and scribes) contribute. Queries (`vote:mine`, `notes:held`,
 * `suggest:similar`, …) need a live answer, and running the room (`phase:set`, `timer:start`,
 * `board:bring`, …) must not happen late behind the facilitator's back: those fail fast with
 * `NETWORK` instead.
 */
const queueable = [
  'note:add', 'note:edit', 'note:move', 'note:delete',
  'cluster:add', 'cluster:rename',
  'action:add',
  'vote:cast', 'vote:retract',
  'ready:set',
  'topic:propose',
  'advice:add',
] as const satisfies readonly CommandName[];

/** A command the outbox keeps and replays. */
export type QueueableCommand = (typeof queueable)[number];

export const QueueableCommands: ReadonlySet<CommandName> = new Set<CommandName>(queueable);

/** One stored command. */
export interface OutboxEntry {
  /** The idempotency key, made once when the command was queued. */
  key: string;
  name: CommandName;
  /** The payload as given (without `idempotencyKey`). */
  payload: Record<string, unknown>;
  /** When it was queued (device clock). */
  at: number;
  /** Order among entries queued in the same millisecond. */
  seq: number;
  /**
   * Set (and stored) before it is first sent: from then on it may have been applied even if no
   * ack came back, which matters when it is offered to a later identity (stranded-outbox.ts).
   */
  tried?: boolean;
}

/** A command the server definitely refused; shown to the person with the server's message. */
export interface OutboxFailure {
  entry: OutboxEntry;
  error: { code: ErrorCode | 'NETWORK'; message: string };
  at: number;
}

/** Where entries are kept; `watch` reports changes made by another tab. */
export interface OutboxStore {
  load(): OutboxEntry[];
  put(entry: OutboxEntry): void;
  remove(key: string): void;
  watch?(onChange: () => void): () => void;
}

/** Sends one command (with its idempotency key in the payload) and resolves with the ack. */
export type OutboxSender = (name: CommandName, payload: Record<string, unknown>) => Promise<CommandAck>;

/** Clock, key maker and timers (tests pass their own). */
export interface OutboxOptions {
  store: OutboxStore;
  now?: () => number;
  newKey?: () => string;
  setTimer?: (run: () => void, ms: number) => () => void;
}

/** How `enqueue` answers. */
export interface EnqueueOptions {
  /**
   * Wait for the server's final ack even when the command has to wait for a connection
   * (default false: answer `{ ok: true, queued: true, idempotencyKey }` as soon as it is kept).
   */
  waitForAck?: boolean;
}

/** Codes that say "try again later" rather than "no". */
// SHUTTING_DOWN: the server refused it unapplied while stopping; the next server takes it.
// SERVED_ELSEWHERE: another process decides for the session now; the next connection reaches it.
const RETRY_LATER: ReadonlySet<string> = new Set(['NETWORK', 'RATE_LIMITED', 'SHUTTING_DOWN', 'SERVED_ELSEWHERE', 'INTERNAL']);
/** `INTERNAL` is retried this many times before it counts as a refusal (it may be a server bug). */
const MAX_INTERNAL_ATTEMPTS = 3;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** A key the server accepts (8–128 of `[A-Za-z0-9_:.-]`); `getRandomValues` also works outside secure contexts. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `ob-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const byOrder = (a: OutboxEntry, b: OutboxEntry): number => a.at - b.at || a.seq - b.seq || a.key.localeCompare(b.key);

interface Waiter {
  resolve(ack: CommandAck | QueuedAck): void;
  waitForAck: boolean;
}

/** The stored commands of one participant in one session, and their sending. */
export class Outbox {
  /** Commands not yet acked, oldest first ("my concerns" marks these as waiting). */
  readonly pending = signal<OutboxEntry[]>([]);
  /** Commands the server refused since this page opened, with its message (dismiss them when shown). */
  readonly failed = signal<OutboxFailure[]>([]);
  /** When the server last acked one of this outbox's commands. */
  readonly lastSavedAt = signal<number | null>(null);
  /** A command is on its way and its ack has not come back. */
  readonly sending = signal(false);
  /** How many commands wait. */
  readonly count = computed(() => this.pending.value.length);

  private readonly now: () => number;
  private readonly newKey: () => string;
  private readonly setTimer: (run: () => void, ms: number) => () => void;
  private readonly waiters = new Map<string, Waiter>();
  private readonly attempts = new Map<string, number>();
  private readonly unwatch: () => void;
  private sender: OutboxSender | null = null;
  private running = false;
  private retryCancel: (() => void) | null = null;
  private retryDelay = RETRY_BASE_MS;
  private seq = 0;

  constructor(private readonly opts: OutboxOptions) {
    this.now = opts.now ?? Date.now;
    this.newKey = opts.newKey ?? newIdempotencyKey;
    this.setTimer = opts.setTimer ?? ((run, ms) => {
      const id = setTimeout(run, ms);
      return () => clearTimeout(id);
    });
    this.pending.value = opts.store.load().sort(byOrder);
    this.unwatch = opts.store.watch?.(() => this.reload()) ?? (() => {});
  }

  /**
   * Stores a command and sends it when it can. Resolves with the server's ack when the command is
   * sent right away; with a `QueuedAck` when it has to wait (no channel, or the network failed
   * on the way), unless `waitForAck`; a later refusal then shows in `failed`.
   */
  enqueue(name: CommandName, payload: object, opts: EnqueueOptions = {}): Promise<CommandAck | QueuedAck> {
    const { idempotencyKey, ...rest } = payload as Record<string, unknown>;
    const entry: OutboxEntry = {
      key: typeof idempotencyKey === 'string' ? idempotencyKey : this.newKey(),
      name,
      payload: rest,
      at: this.now(),
      seq: this.seq++,
    };
    this.opts.store.put(entry);
    this.pending.value = [...this.pending.value, entry];
    const answer = new Promise<CommandAck | QueuedAck>((resolve) => this.waiters.set(entry.key, { resolve, waitForAck: opts.waitForAck ?? false }));
    if (this.sender) void this.pump();
    else this.answerQueued(entry.key);
    return answer;
  }

  /** Sends through `sender` from now on (the channel connected); returns the detacher. */
  attach(sender: OutboxSender): () => void {
    this.sender = sender;
    this.retryDelay = RETRY_BASE_MS;
    this.cancelRetry();
    void this.pump();
    return () => {
      if (this.sender !== sender) return;
      this.sender = null;
      this.cancelRetry();
      for (const key of this.waiters.keys()) this.answerQueued(key);
    };
  }

  /** Removes a refusal once the person has seen it. */
  dismiss(key: string): void {
    this.failed.value = this.failed.value.filter((f) => f.entry.key !== key);
  }

  /** Drops every stored command (the person was removed, or the session deleted). */
  clear(): void {
    for (const e of this.pending.value) this.opts.store.remove(e.key);
    this.pending.value = [];
    this.failed.value = [];
    for (const w of this.waiters.values()) w.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'No longer part of this session.' } });
    this.waiters.clear();
  }

  destroy(): void {
    this.sender = null;
    this.cancelRetry();
    this.unwatch();
  }

  /** Sends the oldest entry, one at a time, until the queue is empty or the channel fails. */
  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const sender = this.sender;
        const entry = this.pending.value[0];
        if (!sender || !entry) return;
        this.sending.value = true;
        if (!entry.tried) this.opts.store.put({ ...entry, tried: true });
        const ack = await sender(entry.name, { ...entry.payload, idempotencyKey: entry.key }).catch(
          (err: unknown): CommandAck => ({ ok: false, error: { code: 'NETWORK', message: err instanceof Error ? err.message : 'send failed' } }),
        );
        this.sending.value = false;
        if (!this.pending.value.some((e) => e.key === entry.key)) continue; // another tab finished it
        if (ack.ok) {
          this.retryDelay = RETRY_BASE_MS;
          this.settle(entry, ack);
          this.lastSavedAt.value = this.now();
          continue;
        }
        const attempts = (this.attempts.get(entry.key) ?? 0) + 1;
        this.attempts.set(entry.key, attempts);
        const retry = RETRY_LATER.has(ack.error.code) && (ack.error.code !== 'INTERNAL' || attempts < MAX_INTERNAL_ATTEMPTS);
        if (retry) {
          // Everyone behind it waits too: tell callers their commands are kept.
          for (const key of [...this.waiters.keys()]) this.answerQueued(key);
          // A new channel attached while this send hung: try again on it at once.
          if (this.sender && this.sender !== sender) continue;
          if (this.sender === sender) this.scheduleRetry();
          return;
        }
        this.settle(entry, ack);
        this.failed.value = [...this.failed.value, { entry, error: ack.error, at: this.now() }];
      }
    } finally {
      this.running = false;
      this.sending.value = false;
    }
  }

  /** The entry is done (acked or refused): forget it and answer whoever still waits. */
  private settle(entry: OutboxEntry, ack: CommandAck): void {
    this.opts.store.remove(entry.key);
    this.attempts.delete(entry.key);
    this.pending.value = this.pending.value.filter((e) => e.key !== entry.key);
    this.waiters.get(entry.key)?.resolve(ack);
    this.waiters.delete(entry.key);
  }

  /** Tells a caller who does not wait for the final ack that the command is kept for later. */
  private answerQueued(key: string): void {
    const w = this.waiters.get(key);
    if (!w || w.waitForAck) return;
    const queued: QueuedAck = { ok: true, queued: true, idempotencyKey: key };
    w.resolve(queued);
    this.waiters.delete(key);
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
    this.retryCancel = this.setTimer(() => {
      this.retryCancel = null;
      void this.pump();
    }, delay);
  }

  private cancelRetry(): void {
    this.retryCancel?.();
    this.retryCancel = null;
  }

  /** Another tab of the same person changed the stored entries: take its view. */
  private reload(): void {
    this.pending.value = this.opts.store.load().sort(byOrder);
    if (this.sender) void this.pump();
  }
}

/** Keeps entries in memory only (tests, or storage disabled). */
export function memoryOutboxStore(initial: OutboxEntry[] = []): OutboxStore & { entries: Map<string, OutboxEntry> } {
  const entries = new Map(initial.map((e) => [e.key, e]));
  return {
    entries,
    load: () => [...entries.values()],
    put: (e) => void entries.set(e.key, e),
    remove: (key) => void entries.delete(key),
  };
}

function isEntry(v: unknown): v is OutboxEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.key === 'string' && typeof o.name === 'string' && typeof o.at === 'number' && typeof o.seq === 'number'
    && typeof o.payload === 'object' && o.payload !== null;
}

/**
 * One localStorage item per command (`yishi.outbox.<sessionId>.<participantId>.<key>`), so two
 * tabs of the same person never overwrite each other's list; written synchronously, so a tab
 * closed right after "Post" still has the command when it reopens.
 */
export function localOutboxStore(sessionId: string, participantId: string, storage: Storage = localStorage): OutboxStore {
  const prefix = `yishi.outbox.${sessionId}.${participantId}.`;
  return {
    load() {
      const out: OutboxEntry[] = [];
      try {
        for (let i = 0; i < storage.length; i++) {
          const k = storage.key(i);
          if (!k?.startsWith(prefix)) continue;
          const v: unknown = JSON.parse(storage.getItem(k) ?? 'null');
          if (isEntry(v)) out.push(v);
        }
      } catch {
        // unreadable storage: start empty rather than fail the board
      }
      return out;
    },
    put(entry) {
      try {
        storage.setItem(prefix + entry.key, JSON.stringify(entry));
      } catch {
        // storage full or disabled: the command still waits in memory for this tab's lifetime
      }
    },
    remove(key) {
      try {
        storage.removeItem(prefix + key);
      } catch {
        // nothing to do
      }
    },
    watch(onChange) {
      if (typeof addEventListener !== 'function') return () => {};
      const onStorage = (e: StorageEvent): void => {
        if (e.key === null || e.key.startsWith(prefix)) onChange();
      };
      addEventListener('storage', onStorage);
      return () => removeEventListener('storage', onStorage);
    },
  };
}

const outboxes = new Map<string, Outbox>();

/** The outbox of this device's participant in a session (one per page, shared by every board). */
export function outboxFor(sessionId: string, participantId: string): Outbox {
  const id = `${sessionId}/${participantId}`;
  let box = outboxes.get(id);
  if (!box) {
    box = new Outbox({ store: localOutboxStore(sessionId, participantId) });
    outboxes.set(id, box);
  }
  return box;
}
