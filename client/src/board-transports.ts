/**
 * The real transports of a board connection in the browser: y-websocket at
 * `/yjs/<boardId>?token=…`, Socket.IO on the same origin, the board kept in IndexedDB
 * (y-indexeddb) so a tablet reopened offline still shows it, and the session's outbox.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { clearDocument, IndexeddbPersistence, storeState } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { CommandName } from '../../shared/commands.ts';
import type { Role } from '../../shared/roles.ts';
import type { ServerToClientEvents } from '../../shared/socket-protocol.ts';
import type { BoardConnectionDeps, CommandAck, LocalDocCopy, PeerPresence } from './board-connection.ts';
import { networkAck } from './model/command-ack.ts';
import { outboxFor } from './model/outbox.ts';
import { keptDraftsFor } from './model/kept-drafts.ts';

const COMMAND_TIMEOUT_MS = 15_000;
/** A stuck IndexedDB (private mode, a broken profile, another tab holding it) must not keep the board from connecting. */
const LOCAL_LOAD_TIMEOUT_MS = 3_000;

/** Who this device is in the session: names its stored board copies and its outbox. */
export interface DeviceIdentity {
  sessionId: string;
  participantId: string;
}

/** The IndexedDB database that holds one participant's copy of one board. */
export function localDocName(participantId: string, boardId: string): string {
  return `yishi.board.${participantId}.${boardId}`;
}

/** The board's copy in IndexedDB. */
export function indexedDbCopy(name: string, doc: Y.Doc): LocalDocCopy {
  if (typeof indexedDB === 'undefined') return { loaded: Promise.resolve(), close() {}, clear: () => Promise.resolve() };
  const persistence = new IndexeddbPersistence(name, doc);
  // y-indexeddb never settles whenSynced when the database cannot be opened; do not wait for ever.
  const loaded = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, LOCAL_LOAD_TIMEOUT_MS);
    persistence.whenSynced.then(() => {
      clearTimeout(timer);
      resolve();
    }, resolve);
  });
  let closed = false;
  const close = (): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    return persistence.destroy().catch(() => undefined);
  };
  return {
    loaded,
    close: () => void close(),
    compact() {
      if (!closed) storeState(persistence, true).catch(() => undefined);
    },
    async clear() {
      await close();
      // Deleting waits for other tabs to close the database; do not keep the fresh doc waiting for that.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        clearDocument(name).catch(() => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, LOCAL_LOAD_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
    },
  };
}

function peersOf(provider: WebsocketProvider): PeerPresence[] {
  const out: PeerPresence[] = [];
  for (const [clientId, state] of provider.awareness.getStates()) {
    if (clientId === provider.awareness.clientID) continue;
    const user = (state as { user?: { participantId?: unknown; role?: unknown; name?: unknown } }).user;
    if (!user || typeof user.participantId !== 'string' || typeof user.role !== 'string') continue;
    const ob = (state as { outbox?: { queued?: unknown; failed?: unknown } }).outbox;
    out.push({
      clientId,
      participantId: user.participantId,
      role: user.role as Role,
      name: typeof user.name === 'string' ? user.name : null,
      ...(ob && typeof ob.queued === 'number' ? { outbox: { queued: ob.queued, failed: typeof ob.failed === 'number' ? ob.failed : 0 } } : {}),
    });
  }
  return out;
}

/**
 * The browser's transports for one board. With `device`, the board is kept in IndexedDB and
 * commands go through the session's persistent outbox; without it both live in memory only.
 */
export function browserTransports(boardId: string, token: string, device?: DeviceIdentity): BoardConnectionDeps {
  return {
    outbox: device ? outboxFor(device.sessionId, device.participantId) : undefined,
    drafts: device ? { kept: keptDraftsFor(device.sessionId), boardId } : undefined,
    localCopy: device ? (doc) => indexedDbCopy(localDocName(device.participantId, boardId), doc) : undefined,
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
      provider.awareness.on('change', () => open && events.peers?.(peersOf(provider)));
      return {
        close() {
          open = false;
          provider.destroy();
        },
        setPresence(state) {
          if (open) provider.awareness.setLocalState(state);
        },
      };
    },
    openChannel(events) {
      // WebSocket first: behind a round-robin load balancer it needs no stickiness (any process
      // serves any client). Long-polling, for networks that block WebSockets, is tried next; it
      // spans several requests, so it works behind several processes only where the load
      // balancer pins a client to one (docker-compose's HAProxy does, with a cookie). The board's
      // y-websocket above has no such fallback: without WebSockets the board does not sync.
      const socket: Socket<ServerToClientEvents> = io({ auth: { token }, transports: ['websocket', 'polling'], tryAllTransports: true });
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
        send: <N extends CommandName>(name: N, payload: object) => new Promise<CommandAck<N>>((resolve) => {
          if (!socket.connected) {
            resolve(networkAck('Not connected to the server.'));
            return;
          }
          // The server answers each command with its own result (shared/command-results.ts).
          (socket as unknown as Socket).timeout(COMMAND_TIMEOUT_MS).emit(name, payload, (err: Error | null, ack: CommandAck<N>) => {
            resolve(err ? networkAck('The server did not answer in time.') : ack);
          });
        }),
      };
    },
  };
}
