/**
 * Puts the same board on each server: one note per client (fields as Yishi's writeNewNote
 * writes them) and a Yjs URL per client. Yishi through its API (session, one reusable expert
 * invite, a join per client, notes by the facilitator's `note:add` commands); the reference
 * server, which has no auth or commands, through one seeding Yjs client.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { io, type Socket } from 'socket.io-client';
import type { CreateInviteResponse, CreateSessionResponse, JoinResponse } from '../shared/http-api.ts';
import type { ServerProcess } from './servers.ts';

export interface PreparedBoard {
  /** The note client i moves. */
  noteIds: string[];
  /** The Yjs URL client i connects to. */
  wsUrl(i: number): string;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** POSTs JSON to the Yishi API; throws on any non-2xx answer. */
export async function post<T>(base: string, route: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(base + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`POST ${route}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Commands a facilitator socket may send at once (the server's per-socket burst is 40). */
const notesPerSocket = 40;

type Ack = { ok: true; noteId: string } | { ok: false; error: { code: string; message: string } };

async function addNotes(socket: Socket, boardId: string, indexes: number[], out: string[]): Promise<void> {
  await inPool(indexes, 8, async (i) => {
    for (let attempt = 0; ; attempt++) {
      const ack = (await socket.timeout(30_000).emitWithAck('note:add', { boardId, text: `note ${i}` })) as Ack;
      if (ack.ok) {
        out[i] = ack.noteId;
        return;
      }
      if (ack.error.code !== 'RATE_LIMITED' || attempt >= 20) throw new Error(`note:add ${i}: ${ack.error.code} ${ack.error.message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}

function connectSocket(base: string, token: string): Promise<Socket> {
  const socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

export async function prepareYishiBoard(server: ServerProcess, clients: number): Promise<PreparedBoard> {
  const base = server.httpUrl;
  const session = await post<CreateSessionResponse>(base, '/api/sessions', { title: 'bench' });
  const boardId = session.boards[0]!.id;
  const invite = await post<CreateInviteResponse>(base, `/api/sessions/${session.sessionId}/invites`, { role: 'expert' }, session.facilitatorToken);
  const indexes = Array.from({ length: clients }, (_, i) => i);
  const tokens = await inPool(indexes, 16, async (i) => (await post<JoinResponse>(base, '/api/join', { inviteCode: invite.inviteCode, name: `c${i}` })).token);

  // Several facilitator sockets, so the per-socket command rate limit does not pace the setup.
  const noteIds: string[] = new Array(clients);
  const groups: number[][] = [];
  for (let i = 0; i < clients; i += notesPerSocket) groups.push(indexes.slice(i, i + notesPerSocket));
  const sockets = await Promise.all(groups.map(() => connectSocket(base, session.facilitatorToken)));
  try {
    await Promise.all(groups.map((g, k) => addNotes(sockets[k]!, boardId, g, noteIds)));
  } finally {
    for (const s of sockets) s.close();
  }
  const wsBase = base.replace(/^http/, 'ws');
  return { noteIds, wsUrl: (i) => `${wsBase}/yjs/${boardId}?token=${encodeURIComponent(tokens[i]!)}` };
}

/** One Yjs peer with a real Y.Doc, speaking the protocol through y-protocols. */
function seedingPeer(url: string): Promise<{ doc: Y.Doc; ws: WebSocket; roundTrip(): Promise<void> }> {
  const doc = new Y.Doc();
  const ws = new WebSocket(url);
  let onStep2: (() => void) | null = null;
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) !== 0) return;
    const step = decoding.peekVarUint(d);
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    syncProtocol.readSyncMessage(d, reply, doc, 'server');
    if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
    if (step === syncProtocol.messageYjsSyncStep2) onStep2?.();
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'server') return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
    ws.send(encoding.toUint8Array(e));
  });
  /** Sends step 1 and waits for the server's step 2: everything sent before it has been applied. */
  const roundTrip = () =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('reference server: no sync step 2 within 30 s')), 30_000);
      onStep2 = () => {
        clearTimeout(timer);
        onStep2 = null;
        resolve();
      };
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
      ws.send(encoding.toUint8Array(e));
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ doc, ws, roundTrip }));
    ws.once('error', reject);
  });
}

export async function prepareReferenceBoard(server: ServerProcess, clients: number): Promise<PreparedBoard> {
  const url = `ws://127.0.0.1:${server.port}/bench-board`;
  const seeder = await seedingPeer(url);
  await seeder.roundTrip();
  const notes = seeder.doc.getMap<Y.Map<unknown>>('notes');
  const noteIds = Array.from({ length: clients }, (_, i) => `note-${String(i).padStart(5, '0')}-${Math.random().toString(36).slice(2, 10)}`);
  // As Yishi's note:add does: one transaction per note, the same fields in the same order.
  noteIds.forEach((id, i) => {
    seeder.doc.transact(() => {
      const m = new Y.Map<unknown>();
      const fields = { id, text: `note ${i}`, authorId: 'bench-facilitator', x: 40 + (i % 8) * 220, y: 40 + Math.floor(i / 8) * 160, clusterId: null, createdAt: Date.now(), color: 'yellow' };
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
      notes.set(id, m);
    });
  });
  await seeder.roundTrip();
  seeder.ws.close();
  seeder.doc.destroy();
  // Without persistence the reference server keeps the document after its last connection closes.
  return { noteIds, wsUrl: () => url };
}
