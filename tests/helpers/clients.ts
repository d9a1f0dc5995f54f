/** Real clients for integration tests: HTTP via fetch, Socket.IO via socket.io-client, Yjs via y-websocket's provider. */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { CreateSessionResponse, JoinResponse } from '../../shared/http-api.ts';

export async function api<T = unknown>(base: string, method: string, route: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + route, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function createSession(base: string, title = 'Lift repair', settings?: object): Promise<CreateSessionResponse> {
  const r = await api<CreateSessionResponse>(base, 'POST', '/api/sessions', { title, ...(settings ? { settings } : {}) });
  if (r.status !== 201) throw new Error(`create session: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function join(base: string, joinCode: string, extra: object = {}): Promise<JoinResponse> {
  const r = await api<JoinResponse>(base, 'POST', '/api/join', { joinCode, ...extra });
  if (r.status !== 200) throw new Error(`join: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function joinAsExpert(base: string, sessionId: string, facilitatorToken: string, name = 'Expert'): Promise<JoinResponse> {
  const inv = await api<{ inviteCode: string }>(base, 'POST', `/api/sessions/${sessionId}/invites`, { role: 'expert' }, facilitatorToken);
  if (inv.status !== 201) throw new Error(`invite: ${inv.status}`);
  const r = await api<JoinResponse>(base, 'POST', '/api/join', { inviteCode: inv.body.inviteCode, name });
  if (r.status !== 200) throw new Error(`join by invite: ${r.status}`);
  return r.body;
}

export async function connectSocket(base: string, token: string): Promise<Socket> {
  const socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

/** An ack as tests read it: loose on purpose, since each command's result differs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AckResult = { ok: boolean; error?: { code: string; message: string }; [k: string]: any };

export function command(socket: Socket, name: string, payload: unknown): Promise<AckResult> {
  return socket.timeout(10_000).emitWithAck(name, payload) as Promise<AckResult>;
}

export interface ProviderClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closed: Promise<{ code: number; reason: string }>;
  destroy(): void;
}

/** A stock WebsocketProvider, unmodified, as the client apps use it; `ws`'s WebSocket unless another is given. */
export function connectProvider(wsBase: string, boardId: string, token: string, WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket): ProviderClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsBase}/yjs`, boardId, doc, {
    params: { token },
    WebSocketPolyfill,
    disableBc: true,
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => provider.on('closed', (e) => resolve(e)));
  return { doc, provider, closed, destroy: () => { provider.destroy(); doc.destroy(); } };
}

export function synced(p: ProviderClient): Promise<void> {
  if (p.provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const h = (s: boolean) => {
      if (s) {
        p.provider.off('sync', h);
        resolve();
      }
    };
    p.provider.on('sync', h);
  });
}

/** Polls until `check` passes or the time runs out (then throws with the last failure). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
