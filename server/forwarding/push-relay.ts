/**
 * Pushes between processes over the internal channel, not through Redis (issue 21). Commands run
 * at a session's owner, so that is where their pushes (`board:goto`, `held:changed`,
 * `vote:progress` …) start; the session's Socket.IO clients may be connected to any process.
 *
 * - A process with Socket.IO clients in a session it does not own asks the owner for the
 *   session's pushes (`POST /internal/listen`), at once when the first such client connects and
 *   again every `renewMs` while it has any (so a new owner after a takeover hears of it within
 *   that time). Finding the owner is `hold()`: a session nobody owns is claimed, as a command
 *   would claim it, and then there is nobody to ask.
 * - The owner emits each push to its own sockets and posts it to every process that asked within
 *   `ttlMs` (`POST /internal/push`), which emits it to its own sockets in the push's room.
 *
 * A push is not retried: one lost to a process that could not be reached is lost, as a Socket.IO
 * push to a client that is reconnecting is (clients read state, not pushes, on reconnect).
 */
import { OwnedElsewhereError } from '../ownership/session-ownership.ts';
import { postInternal } from './internal-channel.ts';

export interface PushRelayDeps {
  secret: string;
  /** This process's internal URL, where owners post pushes. */
  selfUrl(): string;
  /** Resolves when this process owns the session; OwnedElsewhereError (with the owner's URL) when another does. */
  hold(sessionId: string): Promise<unknown>;
  /** Emits to this process's own sockets in a room. */
  emitLocal(room: string, event: string, payload: unknown): void;
  log: { warn(obj: object, msg: string): void };
  renewMs?: number;
  ttlMs?: number;
}

export class PushRelay {
  /** Owner side: session → internal URL of a listening process → when its ask lapses. */
  private readonly listeners = new Map<string, Map<string, number>>();
  /** Listener side: session → this process's Socket.IO clients in it. */
  private readonly wanted = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly ttlMs: number;
  private closed = false;

  constructor(private readonly deps: PushRelayDeps) {
    this.ttlMs = deps.ttlMs ?? 30_000;
    this.timer = setInterval(() => {
      for (const sessionId of this.wanted.keys()) void this.ask(sessionId);
      this.dropLapsed(Date.now());
    }, deps.renewMs ?? 10_000);
    this.timer.unref();
  }

  /** A Socket.IO client of the session connected here. */
  opened(sessionId: string): void {
    const n = this.wanted.get(sessionId) ?? 0;
    this.wanted.set(sessionId, n + 1);
    if (n === 0) void this.ask(sessionId);
  }

  /** One of those clients left. */
  left(sessionId: string): void {
    const n = (this.wanted.get(sessionId) ?? 0) - 1;
    if (n > 0) this.wanted.set(sessionId, n);
    else this.wanted.delete(sessionId);
  }

  /** Owner side: a process asked for the session's pushes. */
  listen(sessionId: string, url: string, now = Date.now()): void {
    if (url === this.deps.selfUrl()) return;
    let byUrl = this.listeners.get(sessionId);
    if (!byUrl) this.listeners.set(sessionId, (byUrl = new Map()));
    byUrl.set(url, now + this.ttlMs);
  }

  /** Owner side: posts a push to every process listening for the session (its own sockets are emitted to by the caller). */
  send(sessionId: string, room: string, event: string, payload: unknown, now = Date.now()): void {
    const byUrl = this.listeners.get(sessionId);
    if (!byUrl) return;
    for (const [url, until] of byUrl) {
      // Lapsed asks are dropped by the renewal timer; until then they are only skipped.
      if (until < now) continue;
      void postInternal(this.deps.secret, url, '/internal/push', { room, event, payload }).then((ok) => {
        if (!ok) this.deps.log.warn({ url, event }, 'a push to another process was not delivered');
      });
    }
  }

  /** Listener side: a push from an owner for this process's sockets. */
  receive(room: string, event: string, payload: unknown): void {
    this.deps.emitLocal(room, event, payload);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.wanted.clear();
    this.listeners.clear();
  }

  private async ask(sessionId: string): Promise<void> {
    try {
      await this.deps.hold(sessionId);
      // This process owns it now: its own emits reach its own sockets.
    } catch (err) {
      if (this.closed || !this.wanted.has(sessionId)) return;
      if (err instanceof OwnedElsewhereError && err.ownerUrl) {
        const ok = await postInternal(this.deps.secret, err.ownerUrl, '/internal/listen', { sessionId, url: this.deps.selfUrl() });
        if (!ok) this.deps.log.warn({ sessionId, owner: err.ownerUrl }, 'could not ask the owner for its pushes; asking again shortly');
      } else {
        this.deps.log.warn({ err, sessionId }, 'could not find the owner to ask for its pushes; asking again shortly');
      }
    }
  }

  private dropLapsed(now: number): void {
    for (const [sessionId, byUrl] of this.listeners) {
      for (const [url, until] of byUrl) if (until < now) byUrl.delete(url);
      if (byUrl.size === 0) this.listeners.delete(sessionId);
    }
  }
}
