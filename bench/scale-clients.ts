/**
 * The clients of `bench:scale`: processes as a round-robin balancer sees them, and a
 * participant's Socket.IO connection that sends a command again (same idempotency key) through
 * the balancer's next live process while the answer says "try elsewhere", as the app's outbox does.
 */
import { io, type Socket } from 'socket.io-client';
import type { ServerProcess } from './servers.ts';

export interface Proc {
  index: number;
  server: ServerProcess;
  /** What the process writes into `session_owner.internal_url` (its INTERNAL_PORT is fixed by the bench). */
  internalUrl: string;
  /** Taken out of the balancer's rotation (killed). */
  dead: boolean;
}

/** The balancer: round robin over the processes still alive. */
export class Balancer {
  private next = 0;
  /** Socket.IO connections that got no answer to their CONNECT within the bound, and that were refused. */
  connectTimeouts = 0;
  connectErrors = 0;
  /** The refusals' messages, counted. */
  readonly connectErrorMessages = new Map<string, number>();
  constructor(readonly procs: Proc[]) {}

  live(): Proc[] {
    return this.procs.filter((p) => !p.dead);
  }

  /** The process at rotation position `at` among the live ones. */
  at(at: number): Proc {
    const live = this.live();
    if (live.length === 0) throw new Error('no live process');
    return live[at % live.length]!;
  }

  /** The next position in the rotation (a fresh connection's first hop). */
  take(): number {
    return this.next++;
  }
}

/** Answers after which the outbox sends the same command (same key) again through another process. */
const retryCodes = new Set(['SERVED_ELSEWHERE', 'SHUTTING_DOWN', 'NO_ACK', 'DISCONNECTED', 'INTERNAL']);

export interface Outcome {
  ok: boolean;
  /** The refusal's code, or GAVE_UP when no attempt was answered before the deadline. */
  code: string | null;
  /** When the command was first sent, and when the attempt that was answered was sent (performance.now()). */
  firstSentAt: number;
  sentAt: number;
  answeredAt: number;
  /** The process the answered attempt went through. */
  via: Proc | null;
  attempts: number;
  /** The codes of the attempts answered "try elsewhere" before this answer. */
  retriedOn: string[];
  /** The acknowledgement as it came (a command's result fields sit beside `ok`). */
  body: Record<string, unknown> | null;
}

type Ack = ({ ok: true } | { ok: false; error: { code: string; message: string } }) & Record<string, unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CommandClient {
  private sock: Socket | null = null;
  private sockProc: Proc | null = null;
  /** Connections opened, the first included. */
  connects = 0;

  constructor(
    private readonly token: string,
    private position: number,
    private readonly balancer: Balancer,
  ) {}

  /** Connects through the balancer (at the latest by `deadline`, performance.now()). */
  async connect(deadline = performance.now() + 60_000): Promise<void> {
    await this.socket(deadline);
  }

  get proc(): Proc | null {
    return this.sockProc;
  }

  private async socket(deadline: number): Promise<{ sock: Socket; proc: Proc }> {
    if (this.sock?.connected && this.sockProc && !this.sockProc.dead) return { sock: this.sock, proc: this.sockProc };
    this.drop();
    for (;;) {
      if (performance.now() > deadline) throw new Error('no process accepted the connection in time');
      const proc = this.balancer.at(this.position);
      try {
        this.sock = await connectWithin(proc.server.httpUrl, this.token, connectBoundMs, this.balancer);
        this.sockProc = proc;
        this.connects++;
        return { sock: this.sock, proc };
      } catch {
        this.position++;
        await sleep(200);
      }
    }
  }

  private drop(): void {
    this.sock?.close();
    this.sock = null;
    this.sockProc = null;
  }

  /** Sends until acknowledged, refused for good, or `giveUpMs` after the first send. */
  async send(name: string, payload: object, giveUpMs: number): Promise<Outcome> {
    const firstSentAt = performance.now();
    const deadline = firstSentAt + giveUpMs;
    const retriedOn: string[] = [];
    for (let attempts = 1; ; attempts++) {
      let conn: { sock: Socket; proc: Proc };
      try {
        conn = await this.socket(deadline);
      } catch {
        return { ok: false, code: 'GAVE_UP', firstSentAt, sentAt: NaN, answeredAt: performance.now(), via: null, attempts: attempts - 1, retriedOn, body: null };
      }
      const sentAt = performance.now();
      const ack = await emit(conn.sock, name, payload);
      const answeredAt = performance.now();
      const code = ack.ok ? null : ack.error.code;
      if (ack.ok || !retryCodes.has(code!)) return { ok: ack.ok, code, firstSentAt, sentAt, answeredAt, via: conn.proc, attempts, retriedOn, body: ack };
      if (answeredAt > deadline) return { ok: false, code: 'GAVE_UP', firstSentAt, sentAt, answeredAt, via: conn.proc, attempts, retriedOn, body: ack };
      retriedOn.push(code!);
      // The balancer's next pick, as a reconnecting client gets.
      this.drop();
      this.position++;
      await sleep(200);
    }
  }

  close(): void {
    this.drop();
  }
}

/** How long a connection may wait for the answer to its CONNECT (socket.io-client itself bounds only the transport's opening). */
const connectBoundMs = 10_000;

function connectWithin(base: string, token: string, ms: number, counts: Balancer): Promise<Socket> {
  const socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: ms });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      counts.connectTimeouts++;
      socket.close();
      reject(new Error(`no answer to CONNECT within ${ms} ms`));
    }, ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      counts.connectErrors++;
      counts.connectErrorMessages.set(err.message, (counts.connectErrorMessages.get(err.message) ?? 0) + 1);
      socket.close();
      reject(err);
    });
  });
}

/** One command and its ack; a connection lost meanwhile answers DISCONNECTED at once (a socket.io emit would wait for its timeout). */
function emit(sock: Socket, name: string, payload: object): Promise<Ack> {
  return new Promise((resolve) => {
    const onDisconnect = () => resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'connection lost' } } as Ack);
    sock.once('disconnect', onDisconnect);
    sock.timeout(10_000).emit(name, payload, (err: Error | null, ack: Ack) => {
      sock.off('disconnect', onDisconnect);
      resolve(err ? ({ ok: false, error: { code: 'NO_ACK', message: err.message } } as Ack) : ack);
    });
  });
}
