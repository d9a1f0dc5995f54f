/**
 * Runs commands: parse the payload against its schema, honour the idempotency key, run the
 * handler, and answer with an ack only after the handler's commit is durable. On shutdown,
 * `drain()` refuses new commands (SHUTTING_DOWN) and waits for the ones already running, so
 * their acks go out before the sockets close.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../shared/roles.ts';
import { DomainError, wireError } from '../../shared/errors.ts';
import { IdempotencyKey, type Ack } from '../../shared/socket-protocol.ts';
import { describeIssues, parsePayload } from '../../shared/validation.ts';
import { FencedError, SessionDeletedError, type Storage, type StorageOp } from '../storage/storage.ts';
import { underLease } from '../ownership/fenced-storage.ts';
import { OwnedElsewhereError, type SessionOwnership } from '../ownership/session-ownership.ts';
import type { BoardRooms } from '../yjs/board-rooms.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { Presence } from '../presence/presence.ts';
import type { CommandHandler } from './command-types.ts';

export interface CommandBusDeps {
  storage: Storage;
  rooms: BoardRooms;
  notify: Notifier;
  presence: Presence;
  /** Whose sessions this process decides for: a command runs, and commits, under its session's lease. Absent: one process owns all. */
  ownership?: SessionOwnership;
  /**
   * Hands a command to the process that owns its session (server/forwarding/): used when another
   * process holds the session. Absent: such a command is answered SERVED_ELSEWHERE.
   */
  forward?: (ownerUrl: string, actor: Actor, name: string, raw: unknown, connectionId: string | null) => Promise<Ack>;
  now?: () => number;
  onError?: (err: unknown, command: string) => void;
  /**
   * Told once per dispatch when it settles (metrics): the command's name ('unknown' for a name
   * not registered, so a client cannot mint label values), 'ok' or the error code answered, and
   * how long it took.
   */
  onSettled?: (command: string, outcome: string, seconds: number) => void;
}

const Envelope = z.object({ idempotencyKey: IdempotencyKey.optional() }).passthrough();

export class CommandBus {
  private readonly commands = new Map<string, CommandHandler>();
  /** Commands running now, by participant and key, so a concurrent replay waits for the first. */
  private readonly running = new Map<string, Promise<Ack>>();
  private readonly now: () => number;
  /** Dispatches not yet settled: shutdown waits for them. */
  private readonly inflight = new Set<Promise<Ack>>();
  private stopping = false;

  constructor(private readonly deps: CommandBusDeps) {
    this.now = deps.now ?? Date.now;
  }

  register(name: string, def: CommandHandler): this {
    if (this.commands.has(name)) throw new Error(`command ${name} registered twice`);
    this.commands.set(name, def);
    return this;
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  names(): string[] {
    return [...this.commands.keys()];
  }

  /**
   * Runs a command. The returned promise settles before `drain()` does: a caller that sends the
   * ack in its own `.then` (registered right after this returns) sends it before shutdown goes on.
   */
  dispatch(actor: Actor, name: string, raw: unknown, connectionId: string | null = null, handedOver = false): Promise<Ack> {
    if (this.stopping) return Promise.resolve({ ok: false, error: wireError('SHUTTING_DOWN', 'The server is shutting down; nothing was applied. Send it again after reconnecting.') });
    const started = performance.now();
    const p = this.dispatchNow(actor, name, raw, connectionId, handedOver);
    const settled = this.deps.onSettled;
    if (settled) {
      const label = this.commands.has(name) ? name : 'unknown';
      const took = () => (performance.now() - started) / 1000;
      // A rejection reaches the socket layer, which answers INTERNAL: counted as that.
      p.then((ack) => settled(label, ack.ok ? 'ok' : ack.error.code, took()), () => settled(label, 'INTERNAL', took()));
    }
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Refuses new commands from now on and resolves once every running one has settled. */
  async drain(): Promise<void> {
    this.stopping = true;
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    // One more turn, so the callers' ack callbacks (queued behind the settlement) have run.
    await new Promise((r) => setImmediate(r));
  }

  private async dispatchNow(actor: Actor, name: string, raw: unknown, connectionId: string | null, handedOver: boolean): Promise<Ack> {
    const def = this.commands.get(name);
    if (!def) return { ok: false, error: wireError('VALIDATION', `Unknown command "${name}".`) };
    // Another process decides for the session: the command goes there (once: a command handed
    // over to this process is never handed on, it is answered SERVED_ELSEWHERE instead).
    const { ownership, forward } = this.deps;
    // If the owner cannot take it (it stopped, or lost the session), the owner is looked up once more.
    if (forward && !handedOver && ownership && ownership.kind !== 'local' && !ownership.current(actor.sessionId)) {
      for (let attempt = 1; ; attempt++) {
        try {
          await ownership.hold(actor.sessionId);
          break; // this process holds it now: the command runs here
        } catch (err) {
          if (!(err instanceof OwnedElsewhereError) || !err.ownerUrl) throw err;
          const ack = await forward(err.ownerUrl, actor, name, raw, connectionId);
          if (ack.ok || ack.error.code !== 'SERVED_ELSEWHERE' || attempt === 2) return ack;
        }
      }
    }
    // parsePayload refuses ill-formed text anywhere in the payload, so the schema below sees none.
    const env = parsePayload(Envelope, raw);
    if (!env.ok) return { ok: false, error: wireError('VALIDATION', env.message) };
    const { idempotencyKey, ...body } = env.data;
    const parsed = def.schema.safeParse(body);
    if (!parsed.success) return { ok: false, error: wireError('VALIDATION', describeIssues(parsed.error)) };
    if (idempotencyKey === undefined) return this.run(actor, name, def, parsed.data, [], connectionId);

    const fingerprint = createHash('sha256').update(name).update('\0').update(JSON.stringify(parsed.data)).digest('base64url');
    const slot = `${actor.participantId}\0${idempotencyKey}`;
    // Chain on whatever runs under this key now, synchronously, so concurrent replays queue up
    // behind the first and then find its stored result.
    const prior = this.running.get(slot);
    const p = (async (): Promise<Ack> => {
      if (prior) await prior.catch(() => undefined);
      const stored = await this.deps.storage.getIdempotency(actor.participantId, idempotencyKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          return { ok: false, error: wireError('IDEMPOTENCY_CONFLICT', 'This idempotency key was already used for a different command.') };
        }
        return { ok: true, ...(stored.result as object), replayed: true };
      }
      const finalOps = (result: object): StorageOp[] => [
        { op: 'idempotency.put', row: { participantId: actor.participantId, key: idempotencyKey, fingerprint, result, at: this.now() } },
      ];
      return this.run(actor, name, def, parsed.data, finalOps, connectionId);
    })();
    this.running.set(slot, p);
    try {
      return await p;
    } finally {
      if (this.running.get(slot) === p) this.running.delete(slot);
    }
  }

  private async sessionGone(sessionId: string): Promise<boolean> {
    try {
      return (await this.deps.storage.getSession(sessionId)) === null;
    } catch {
      return false;
    }
  }

  private async run(actor: Actor, name: string, def: CommandHandler, payload: unknown, finalOps: ((r: object) => StorageOp[]) | [], connectionId: string | null): Promise<Ack> {
    try {
      // Under several processes the command commits under the lease it started with: if the
      // session changes hands meanwhile, the store refuses the commit (FencedError) and nothing
      // is applied; another process holding it answers SERVED_ELSEWHERE before anything runs.
      const ownership = this.deps.ownership;
      const storage = ownership && ownership.kind !== 'local' ? underLease(this.deps.storage, await ownership.hold(actor.sessionId), ownership) : this.deps.storage;
      const r = await def.run(
        { actor, now: this.now(), storage, rooms: this.deps.rooms, notify: this.deps.notify, presence: this.deps.presence, connectionId, finalOps: Array.isArray(finalOps) ? () => [] : finalOps },
        payload,
      );
      return r.ok ? { ok: true, ...r.result } : r;
    } catch (err) {
      // A service refused (the same refusal HTTP answers with its status): the command fails with it.
      if (err instanceof DomainError) return { ok: false, error: err.toWire() };
      // Another process took the session over while the command ran: nothing of it landed.
      if (err instanceof FencedError) {
        return { ok: false, error: wireError('SERVED_ELSEWHERE', 'Another server took this consultation over; nothing was applied. Reconnect and send it again.') };
      }
      // The session was deleted while the command ran: storage refused to recreate any of it,
      // or its boards were already unloaded for good. Not a server fault.
      if (err instanceof SessionDeletedError || (await this.sessionGone(actor.sessionId))) {
        return { ok: false, error: wireError('NOT_FOUND', 'The session was deleted.') };
      }
      this.deps.onError?.(err, name);
      return { ok: false, error: wireError('INTERNAL', 'The command failed on the server; nothing was applied.') };
    }
  }
}
