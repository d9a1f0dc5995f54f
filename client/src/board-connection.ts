/**
 * One board's live connection: the Y.Doc synced over /yjs, the Socket.IO command
 * channel, and signals that say truthfully whether this device is online.
 */
import { batch, computed, signal } from '@preact/signals';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Phase } from '../../shared/board-schema.ts';
import type { CommandName } from '../../shared/commands.ts';
import { CloseCodes } from '../../shared/errors.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { ServerToClientEvents } from '../../shared/socket-protocol.ts';
import { BoardModel } from './model/board-model.ts';
import type { NoteView } from './model/board-model.ts';
import { SessionPushes } from './model/session-pushes.ts';

export type { NoteView } from './model/board-model.ts';

/** What the status line says: `online` only when the doc is synced and commands can be sent. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'syncing';

/** Why the connection stopped for good (reconnecting cannot fix it). */
export type ConnectionProblem = 'unauthorized' | 'forbidden' | 'not-found' | 'kicked';

/** Callbacks a doc transport reports through. */
export interface DocTransportEvents {
  connected(isConnected: boolean): void;
  synced(isSynced: boolean): void;
  dropped(): void;
  closed(code: number): void;
}

/** Callbacks a command channel reports through. */
export interface CommandChannelEvents {
  connected(): void;
  disconnected(byServer: boolean): void;
  refused(code: string, willRetry: boolean): void;
  /** The server removed this participant from the session. */
  kicked(): void;
  /** Any other server push (roster, hello, vote progress, …). */
  push: PushHandler;
}

/** The smallest handle the model needs on each transport; tests pass fakes. */
export interface Closable {
  close(): void;
}

/**
 * A command's answer as the client sees it: the server's ack, or `NETWORK` when the command
 * never reached the server or its ack never came back (it may still have been applied: replay
 * it with the same idempotency key to find out).
 */
export type CommandAck =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: { code: ErrorCode | 'NETWORK'; message: string } };

const networkAck = (message: string): CommandAck => ({ ok: false, error: { code: 'NETWORK', message } });

/** A command channel that the model may ask to try again. */
export interface CommandChannel extends Closable {
  reconnect(): void;
  /** Sends one command and resolves with the server's ack (or a client-made error ack). */
  send(name: CommandName, payload: object): Promise<CommandAck>;
}

/** A server push as the channel hands it to the model. */
export type PushHandler = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

/** Seams for tests: how to open the doc transport and the command channel. */
export interface BoardConnectionDeps {
  openDoc(doc: Y.Doc, events: DocTransportEvents): Closable;
  openChannel(events: CommandChannelEvents): CommandChannel;
  /** When the board model re-reads the doc; defaults to the next animation frame. */
  schedule?: (run: () => void) => () => void;
  /** Whether the browser reports a network; defaults to `navigator.onLine` and its events. */
  watchNetwork?(onChange: (online: boolean) => void): { online: boolean; stop(): void };
}

/** After this many refused docs within `RESET_WINDOW_MS`, stop: the server and this client disagree. */
const MAX_RESETS = 3;
const RESET_WINDOW_MS = 60_000;
const CHANNEL_RETRY_MS = 3_000;
const COMMAND_TIMEOUT_MS = 15_000;

/** Live state of one board for one participant. Call `destroy()` when the screen goes away. */
export class BoardConnection {
  /** The board document read into signals; replaced (with the doc) after the server refused a write. */
  readonly model = signal<BoardModel>(null as unknown as BoardModel);
  /** What the server pushes on the command channel: roster, clock, vote progress, … */
  readonly pushes = new SessionPushes();
  /** The notes, oldest first. */
  readonly notes = computed<NoteView[]>(() => this.model.value.notes.value);
  /** Numbers of notes, themes and actions. */
  readonly counts = computed(() => {
    const m = this.model.value;
    return { notes: m.notes.value.length, clusters: m.clusters.value.length, actions: m.actions.value.length };
  });
  /** The board's phase, once synced. */
  readonly phase = computed<Phase | null>(() => this.model.value.phase.value);
  /** Set when the server ended the connection for good. */
  readonly problem = signal<ConnectionProblem | null>(null);
  /** How many times the local doc was discarded after the server refused a write. */
  readonly resets = signal(0);

  private readonly docConnected = signal(false);
  private readonly docSynced = signal(false);
  private readonly docDropped = signal(false);
  private readonly channelConnected = signal(false);
  private readonly channelDropped = signal(false);
  private readonly browserOnline = signal(true);

  /** The truth about this device's link to the board. */
  readonly status = computed<ConnectionStatus>(() => {
    if (this.problem.value || !this.browserOnline.value) return 'offline';
    if (this.docSynced.value && this.channelConnected.value) return 'online';
    if (this.docConnected.value && !this.docSynced.value) return 'syncing';
    if (this.docDropped.value || this.channelDropped.value) return 'offline';
    return 'connecting';
  });

  private docHandle: Closable | null = null;
  private readonly channel: CommandChannel;
  private readonly network: { online: boolean; stop(): void };
  private readonly resetTimes: number[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private destroyed = false;
  private ydoc!: Y.Doc;

  constructor(private readonly deps: BoardConnectionDeps) {
    this.network = (deps.watchNetwork ?? watchNavigator)((online) => {
      this.browserOnline.value = online;
    });
    this.browserOnline.value = this.network.online;
    this.openDoc();
    this.channel = deps.openChannel({
      connected: () => batch(() => {
        this.channelConnected.value = true;
        this.channelDropped.value = false;
      }),
      disconnected: (byServer) => {
        batch(() => {
          this.channelConnected.value = false;
          this.channelDropped.value = true;
        });
        // A server-side disconnect is not retried by Socket.IO; retrying finds out whether the token still holds.
        if (byServer) this.later(() => this.channel.reconnect());
      },
      refused: (code, willRetry) => {
        this.channelDropped.value = true;
        if (code === 'UNAUTHORIZED') this.stop('unauthorized');
        else if (!willRetry) this.later(() => this.channel.reconnect());
      },
      kicked: () => this.stop('kicked'),
      push: (event, ...args) => this.pushes.receive(event, ...args),
    });
  }

  /**
   * Sends a command over the channel. Resolves with the ack; while the channel is down the
   * ack is a `NETWORK` error (the offline outbox decides whether to keep and replay it).
   */
  send(name: CommandName, payload: object): Promise<CommandAck> {
    if (this.destroyed || this.problem.value) return Promise.resolve(networkAck('Not connected.'));
    return this.channel.send(name, payload);
  }

  /** The current board document (replaced after the server refuses a write: do not keep it). */
  get doc(): Y.Doc {
    return this.ydoc;
  }

  /** Closes both transports and forgets the doc. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.network.stop();
    this.closeDoc();
    this.channel.close();
  }

  private openDoc(): void {
    const doc = new Y.Doc();
    this.ydoc = doc;
    this.model.value = new BoardModel(doc, this.deps.schedule);
    this.docHandle = this.deps.openDoc(doc, {
      connected: (isConnected) => batch(() => {
        this.docConnected.value = isConnected;
        if (isConnected) this.docDropped.value = false;
      }),
      synced: (isSynced) => batch(() => {
        this.docSynced.value = isSynced;
        if (isSynced) this.docDropped.value = false;
      }),
      dropped: () => batch(() => {
        this.docConnected.value = false;
        this.docSynced.value = false;
        this.docDropped.value = true;
      }),
      // Deferred so the provider finishes emitting before it is torn down.
      closed: (code) => this.later(() => this.onClosed(code), 0),
    });
  }

  private closeDoc(): void {
    this.docHandle?.close();
    this.docHandle = null;
    this.model.value.destroy();
    this.ydoc.destroy();
    batch(() => {
      this.docConnected.value = false;
      this.docSynced.value = false;
    });
  }

  private onClosed(code: number): void {
    switch (code) {
      case CloseCodes.FORBIDDEN:
        return this.discardDoc();
      case CloseCodes.UNAUTHORIZED:
        return this.stop('unauthorized');
      case CloseCodes.NOT_FOUND:
        return this.stop('not-found');
      case CloseCodes.KICKED:
        return this.stop('kicked');
      default:
        return this.stop('forbidden');
    }
  }

  /** The server refused something this doc holds; a fresh doc from the server's state is the only repair. */
  private discardDoc(): void {
    const now = Date.now();
    while (this.resetTimes.length > 0 && now - (this.resetTimes[0] ?? 0) > RESET_WINDOW_MS) this.resetTimes.shift();
    if (this.resetTimes.length >= MAX_RESETS) return this.stop('forbidden');
    this.resetTimes.push(now);
    this.closeDoc();
    this.openDoc();
    this.resets.value += 1;
  }

  private stop(problem: ConnectionProblem): void {
    if (this.destroyed || this.problem.value) return;
    this.problem.value = problem;
    this.docHandle?.close();
    this.docHandle = null;
    this.channel.close();
  }

  private later(fn: () => void, ms = CHANNEL_RETRY_MS): void {
    if (this.destroyed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.destroyed && !this.problem.value) fn();
    }, ms);
    this.timers.add(timer);
  }
}

function watchNavigator(onChange: (online: boolean) => void): { online: boolean; stop(): void } {
  const update = (): void => onChange(navigator.onLine);
  addEventListener('online', update);
  addEventListener('offline', update);
  return { online: navigator.onLine, stop: () => {
    removeEventListener('online', update);
    removeEventListener('offline', update);
  } };
}

/** The real transports: y-websocket at `/yjs/<boardId>?token=…` and Socket.IO on the same origin. */
export function browserTransports(boardId: string, token: string): BoardConnectionDeps {
  return {
    openDoc(doc, events) {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      // No BroadcastChannel: another tab may hold another role's token, and a tab must never
      // forward writes it received from a peer tab under its own authority.
      const provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, boardId, doc, {
        params: { token },
        disableBc: true,
      });
      let open = true;
      provider.on('status', ({ status }) => open && events.connected(status === 'connected'));
      provider.on('sync', (isSynced) => open && events.synced(isSynced));
      provider.on('connection-close', () => open && events.dropped());
      provider.on('connection-error', () => open && events.dropped());
      provider.on('closed', ({ code }) => open && events.closed(code));
      return { close() {
        open = false;
        provider.destroy();
      } };
    },
    openChannel(events) {
      const socket: Socket<ServerToClientEvents> = io({ auth: { token } });
      socket.on('connect', () => events.connected());
      socket.on('kicked', () => events.kicked());
      socket.onAny((event: string, ...args: unknown[]) => {
        if (event !== 'kicked') (events.push as (e: string, ...a: unknown[]) => void)(event, ...args);
      });
      socket.on('disconnect', (reason) => events.disconnected(reason === 'io server disconnect'));
      socket.on('connect_error', (err) => {
        const data = (err as { data?: { code?: unknown } }).data;
        const code = typeof data?.code === 'string' ? data.code : err.message;
        events.refused(code, socket.active);
      });
      return {
        close: () => void socket.disconnect(),
        reconnect: () => void socket.connect(),
        send: (name, payload) => new Promise((resolve) => {
          if (!socket.connected) {
            resolve(networkAck('Not connected to the server.'));
            return;
          }
          (socket as unknown as Socket).timeout(COMMAND_TIMEOUT_MS).emit(name, payload, (err: Error | null, ack: CommandAck) => {
            resolve(err ? networkAck('The server did not answer in time.') : ack);
          });
        }),
      };
    },
  };
}
