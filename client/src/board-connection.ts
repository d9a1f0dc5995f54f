/**
 * One board's live connection: the Y.Doc synced over /yjs (and kept on the device, so the board
 * shows offline), the Socket.IO command channel with the session's offline outbox behind it, and
 * signals that say truthfully whether this device is online and whether its work is saved.
 */
import { batch, computed, effect, signal, untracked } from '@preact/signals';
import * as Y from 'yjs';
import type { Phase } from '../../shared/board-schema.ts';
import type { CommandName, CommandPayload } from '../../shared/commands.ts';
import { CloseCodes } from '../../shared/errors.ts';
import type { Role } from '../../shared/roles.ts';
import type { PushArgs } from '../../shared/socket-protocol.ts';
import { BoardModel } from './model/board-model.ts';
import type { NoteView } from './model/board-model.ts';
import { networkAck } from './model/command-ack.ts';
import type { CommandAck, QueuedAck, SendAck } from './model/command-ack.ts';
import { memoryOutboxStore, Outbox, QueueableCommands } from './model/outbox.ts';
import { KeptDrafts, memoryKeptDraftsStore, RefusedDocs } from './model/kept-drafts.ts';
import { SessionPushes } from './model/session-pushes.ts';

export type { NoteView } from './model/board-model.ts';
export type { CommandAck, QueuedAck, SendAck, SendCommand } from './model/command-ack.ts';
export { isQueued } from './model/command-ack.ts';
export { browserTransports } from './board-transports.ts';

/** What the status line says: `online` only when the doc is synced and commands can be sent. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'syncing';

/** Why the connection stopped for good (reconnecting cannot fix it). */
export type ConnectionProblem = 'unauthorized' | 'forbidden' | 'not-found' | 'kicked' | 'deleted';

/** Callbacks a doc transport reports through. */
export interface DocTransportEvents {
  connected(isConnected: boolean): void;
  synced(isSynced: boolean): void;
  dropped(): void;
  closed(code: number): void;
  /** Other people's awareness states as the server relays them (moderators only get any). */
  peers?(peers: PeerPresence[]): void;
}

/** The smallest handle the model needs on each transport; tests pass fakes. */
export interface Closable {
  close(): void;
}

/** The doc transport's handle: closing, and publishing this device's awareness state. */
export interface DocHandle extends Closable {
  /** Replaces the fields this device publishes in awareness (the server adds `user`). */
  setPresence?(state: Record<string, unknown>): void;
}

/**
 * Someone else's awareness state on this board, as moderators receive it: the server-stamped
 * identity, and (from tablets) how many commands wait in their outbox.
 */
export interface PeerPresence {
  clientId: number;
  participantId: string;
  role: Role;
  name: string | null;
  /** Commands waiting on that device, and refusals it has not dismissed; absent from older clients. */
  outbox?: { queued: number; failed: number };
}

/** The board's copy kept on the device (IndexedDB in browsers). */
export interface LocalDocCopy {
  /** Resolves once what was stored is in the doc (or when there was nothing, or storage failed). */
  loaded: Promise<void>;
  /** Stops writing to storage. */
  close(): void;
  /** Stops and deletes what was stored. */
  clear(): Promise<void>;
  /**
   * Rewrites what is stored as one update of the doc as it is now, so content the server has
   * since removed (a hidden concern, say) does not linger in older stored updates.
   */
  compact?(): void;
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

/** A command channel that the model may ask to try again. */
export interface CommandChannel extends Closable {
  reconnect(): void;
  /** Sends one command and resolves with the server's ack (or a client-made error ack). */
  send<N extends CommandName>(name: N, payload: object): Promise<CommandAck<N>>;
}

/** A server push as the channel hands it to the model. */
export type PushHandler = (...args: PushArgs) => void;

/** Seams for tests: how to open the doc transport, the command channel and the local copy. */
export interface BoardConnectionDeps {
  openDoc(doc: Y.Doc, events: DocTransportEvents): DocHandle;
  openChannel(events: CommandChannelEvents): CommandChannel;
  /** Keeps the doc on the device; without it the doc lives in memory only. */
  localCopy?(doc: Y.Doc): LocalDocCopy;
  /** The session's outbox (shared by every board of the session); defaults to one in memory. */
  outbox?: Outbox;
  /**
   * Where action wording the server refused is kept (shared by the session's boards), and this
   * board's id to file it under; defaults to memory only.
   */
  drafts?: { kept: KeptDrafts; boardId: string };
  /** When the board model re-reads the doc; defaults to the next animation frame. */
  schedule?: (run: () => void) => () => void;
  /** Whether the browser reports a network; defaults to `navigator.onLine` and its events. */
  watchNetwork?(onChange: (online: boolean) => void): { online: boolean; stop(): void };
}

/** How `send` treats one command. */
export interface SendOptions {
  /** For a queueable command: resolve with the server's final ack even if that takes until the next connection. */
  waitForAck?: boolean;
}

/** What the connection badge says, in one value. */
export interface SaveState {
  status: ConnectionStatus;
  /** Commands waiting on this device. */
  queued: number;
  /** Commands the server refused and the person has not dismissed. */
  failed: number;
  /** A command is on its way. */
  sending: boolean;
  /** When the server last acked one of this device's commands. */
  lastSavedAt: number | null;
}

/** After this many refused docs within `RESET_WINDOW_MS`, stop: the server and this client disagree. */
const MAX_RESETS = 3;
const RESET_WINDOW_MS = 60_000;
const CHANNEL_RETRY_MS = 3_000;

/** Live state of one board for one participant. Call `destroy()` when the screen goes away. */
export class BoardConnection {
  /** The board document read into signals; replaced (with the doc) after the server refused a write. */
  readonly model = signal<BoardModel>(null as unknown as BoardModel);
  /** What the server pushes on the command channel: roster, clock, vote progress, … */
  readonly pushes = new SessionPushes();
  /** The session's offline outbox: `pending` (waiting commands), `failed` (refusals), `lastSavedAt`. */
  readonly outbox: Outbox;
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
  /** Other people on this board by awareness (only moderators receive any). */
  readonly peers = signal<PeerPresence[]>([]);
  /** Action wording this device typed that the server refused, offered back (see model/kept-drafts.ts). */
  readonly drafts: KeptDrafts;
  /** This board's id as kept drafts name it. */
  readonly draftsBoardId: string;

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

  /** The link and the outbox together: "3 waiting to send", "all saved" (only once the server acked). */
  readonly saveState = computed<SaveState>(() => ({
    status: this.status.value,
    queued: this.outbox.count.value,
    failed: this.outbox.failed.value.length,
    sending: this.outbox.sending.value,
    lastSavedAt: this.outbox.lastSavedAt.value,
  }));

  private docHandle: DocHandle | null = null;
  private copy: LocalDocCopy | null = null;
  private readonly channel: CommandChannel;
  private readonly network: { online: boolean; stop(): void };
  private readonly resetTimes: number[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly disposePresence: () => void;
  private readonly disposeSending: () => void;
  private detachOutbox: (() => void) | null = null;
  /** Docs the server refused, until a fresh doc has synced to compare them with. */
  private readonly refused = new RefusedDocs();
  private destroyed = false;
  private ydoc!: Y.Doc;

  constructor(private readonly deps: BoardConnectionDeps) {
    this.outbox = deps.outbox ?? new Outbox({ store: memoryOutboxStore() });
    this.drafts = deps.drafts?.kept ?? new KeptDrafts(memoryKeptDraftsStore());
    this.draftsBoardId = deps.drafts?.boardId ?? '';
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
      push: (...args) => {
        if (args[0] === 'session:deleted') this.stop('deleted');
        else this.pushes.receive(...args);
      },
    });
    // The outbox sends only while the channel is up and the browser has a network (a socket the
    // browser has not noticed is dead yet would only time out).
    this.disposeSending = effect(() => {
      const sendable = this.channelConnected.value && this.browserOnline.value && !this.problem.value;
      untracked(() => {
        if (!sendable) this.stopSending();
        else this.detachOutbox ??= this.outbox.attach((name, payload) => this.channel.send(name, payload));
      });
    });
    // Moderators see in awareness which tablets still hold unsent commands (docs/API.md §3).
    this.disposePresence = effect(() => {
      const outbox = { queued: this.outbox.count.value, failed: this.outbox.failed.value.length };
      this.docHandle?.setPresence?.({ outbox });
    });
  }

  /**
   * Sends a command. A queueable command (`QueueableCommands` in model/outbox.ts: adding, editing
   * and moving concerns, dots, ready, topics, …) goes through the session's outbox: it is stored
   * on the device with an idempotency key first, then sent in order. It resolves with the
   * server's ack when the channel is up; when the device is offline (or the network fails on the
   * way) it resolves at once with `{ ok: true, queued: true, idempotencyKey }` (see `isQueued`)
   * and the command is replayed on reconnect or when the app is opened again; a later refusal
   * appears in `outbox.failed` with the server's message. Pass `{ waitForAck: true }` to wait for
   * the final ack instead. Every other command (queries, running the room) is sent only while
   * connected and otherwise answers `NETWORK` at once.
   */
  send<N extends CommandName>(name: N, payload: CommandPayload<N>, opts?: SendOptions): Promise<SendAck<N>>;
  // The typed signature above is the contract: the server answers each name with its result
  // (shared/command-results.ts, held by defineCommand), and only queueable ones may be kept.
  send(name: CommandName, payload: object, opts: SendOptions = {}): Promise<CommandAck | QueuedAck> {
    if (this.destroyed || this.problem.value) return Promise.resolve(networkAck('Not connected.'));
    if (QueueableCommands.has(name)) return this.outbox.enqueue(name, payload, { waitForAck: opts.waitForAck });
    return this.channel.send(name, payload);
  }

  /** The current board document (replaced after the server refuses a write: do not keep it). */
  get doc(): Y.Doc {
    return this.ydoc;
  }

  /** Closes both transports and forgets the doc (the outbox and the local copy stay). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.disposeSending();
    this.stopSending();
    this.disposePresence();
    this.network.stop();
    this.closeDoc();
    this.channel.close();
  }

  /**
   * Opens a fresh doc: the model at once (empty), then the local copy once `clearing` is done, then
   * the server once the local copy is loaded, so the first sync already carries what was stored.
   */
  private openDoc(clearing?: Promise<void>): void {
    const doc = new Y.Doc();
    this.ydoc = doc;
    this.model.value = new BoardModel(doc, this.deps.schedule);
    const current = (): boolean => this.ydoc === doc && !this.destroyed && !this.problem.value;
    const start = (): void => {
      if (!current()) return;
      const copy = this.deps.localCopy?.(doc) ?? null;
      this.copy = copy;
      if (!copy) return this.connectDoc(doc);
      const go = (): void => {
        if (current()) this.connectDoc(doc);
      };
      copy.loaded.then(go, go);
    };
    if (clearing) clearing.then(start, start);
    else start();
  }

  private connectDoc(doc: Y.Doc): void {
    this.docHandle = this.deps.openDoc(doc, {
      connected: (isConnected) => batch(() => {
        this.docConnected.value = isConnected;
        if (isConnected) this.docDropped.value = false;
      }),
      synced: (isSynced) => {
        batch(() => {
          this.docSynced.value = isSynced;
          if (isSynced) this.docDropped.value = false;
        });
        if (isSynced) this.copy?.compact?.();
        if (isSynced && this.ydoc === doc) this.keepRefusedWording(doc);
      },
      dropped: () => batch(() => {
        this.docConnected.value = false;
        this.docSynced.value = false;
        this.docDropped.value = true;
        this.peers.value = [];
      }),
      // Deferred so the provider finishes emitting before it is torn down.
      closed: (code) => this.later(() => this.onClosed(code), 0),
      peers: (peers) => {
        this.peers.value = peers;
      },
    });
    this.docHandle.setPresence?.({ outbox: { queued: this.outbox.count.value, failed: this.outbox.failed.value.length } });
  }

  private closeDoc(): void {
    this.docHandle?.close();
    this.docHandle = null;
    this.copy?.close();
    this.copy = null;
    this.model.value.destroy();
    this.ydoc.destroy();
    batch(() => {
      this.docConnected.value = false;
      this.docSynced.value = false;
      this.peers.value = [];
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
      case CloseCodes.SESSION_DELETED:
        return this.stop('deleted');
      default:
        return this.stop('forbidden');
    }
  }

  /**
   * The server refused something this doc holds; a fresh doc from the server's state is the only
   * repair. The device's stored copy holds the refused change too, so it is deleted before the
   * fresh doc opens (else it would be loaded and sent again).
   */
  private discardDoc(): void {
    const now = Date.now();
    while (this.resetTimes.length > 0 && now - (this.resetTimes[0] ?? 0) > RESET_WINDOW_MS) this.resetTimes.shift();
    // What the refused doc holds is compared with the server's once a fresh doc has synced:
    // wording the server lacks is kept on the device and offered back, not lost with the doc.
    this.refused.add(this.ydoc);
    if (this.resetTimes.length >= MAX_RESETS) return this.stop('forbidden');
    this.resetTimes.push(now);
    const copy = this.copy;
    this.copy = null;
    this.closeDoc();
    this.openDoc(copy?.clear());
    this.resets.value += 1;
  }

  /**
   * Keeps the action wording of the refused docs that `server` (a doc just synced from the
   * server) lacks. With null (the connection stopped before a fresh doc synced) every wording
   * the refused docs held is kept, since nothing tells what the server has.
   */
  private keepRefusedWording(server: Y.Doc | null): void {
    for (const w of this.refused.takeUnsent(server)) this.drafts.keep(this.draftsBoardId, w.actionId, w.text);
  }

  private stop(problem: ConnectionProblem): void {
    if (this.destroyed || this.problem.value) return;
    // Kept before anything is cleared; a removed person's or a deleted session's wording is not.
    if (problem !== 'kicked' && problem !== 'deleted') this.keepRefusedWording(null);
    this.problem.value = problem;
    this.stopSending();
    this.docHandle?.close();
    this.docHandle = null;
    this.channel.close();
    // What the server keeps refusing, or what belonged to a removed person or a deleted session,
    // must not stay on the device (docs/API.md: forget the session's local data).
    if (problem === 'forbidden' || problem === 'kicked' || problem === 'deleted') {
      void this.copy?.clear();
      this.copy = null;
    }
    if (problem === 'kicked' || problem === 'deleted') {
      this.outbox.clear();
      this.drafts.clear();
    }
  }

  private stopSending(): void {
    this.detachOutbox?.();
    this.detachOutbox = null;
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
