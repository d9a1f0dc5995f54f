/**
 * One hall per server: where tablets connect and who writes. On Yishi, a session through its
 * API: tablets are residents joined by the join code, writers are experts joined by one
 * reusable invite, each on its own Socket.IO connection (the command rate limit is per
 * connection). On the peers, one document that tablets and writers open without auth.
 */
import { io, type Socket } from 'socket.io-client';
import type { CreateInviteResponse, CreateSessionResponse, JoinResponse } from '../shared/http-api.ts';
import { inPool, post } from './boards.ts';
import type { ServerProcess } from './servers.ts';
import { Wire } from './hall-tablet.ts';
import { PeerWriter, YishiWriter, type Writer } from './hall-writers.ts';

export interface HallBoard {
  readonly wire: Wire;
  /** Makes sure `n` tablet identities exist (on Yishi: residents, each with a token). */
  ensureTablets(n: number): Promise<void>;
  tabletUrl(i: number): string;
  /** Writers 0 … n−1, connecting the missing ones. */
  writers(n: number): Promise<Writer[]>;
  /** Where moderator i's board connection goes (on Yishi an expert, who receives others' cursors). */
  moderatorUrl(i: number): Promise<string>;
  /** Yishi only: a Socket.IO connection for tablet i, as the app opens next to its Yjs one. */
  tabletSocket?(i: number): Promise<Socket>;
  close(): void;
}

/** Connects without reconnecting; rejects on a connect error. */
export function connectSocket(base: string, token: string): Promise<Socket> {
  const socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Requests in flight at once while joining participants (under the server's unauthenticated-connection cap). */
const joinConcurrency = 16;

class YishiHall implements HallBoard {
  readonly wire: Wire;
  private readonly tokens: string[] = [];
  private readonly writerPool: Writer[] = [];

  private constructor(
    private readonly base: string,
    private readonly session: CreateSessionResponse,
    private readonly inviteCode: string,
  ) {
    this.wire = new Wire('y-websocket', this.boardId);
  }

  private get boardId(): string {
    return this.session.boards[0]!.id;
  }

  static async open(server: ServerProcess): Promise<YishiHall> {
    const session = await post<CreateSessionResponse>(server.httpUrl, '/api/sessions', { title: 'Hall benchmark' });
    const invite = await post<CreateInviteResponse>(server.httpUrl, `/api/sessions/${session.sessionId}/invites`, { role: 'expert' }, session.facilitatorToken);
    return new YishiHall(server.httpUrl, session, invite.inviteCode);
  }

  async ensureTablets(n: number): Promise<void> {
    const missing = Array.from({ length: Math.max(0, n - this.tokens.length) }, (_, k) => this.tokens.length + k);
    const tokens = await inPool(missing, joinConcurrency, async (i) => (await post<JoinResponse>(this.base, '/api/join', { joinCode: this.session.joinCode, name: `Tablet ${i}` })).token);
    this.tokens.push(...tokens);
  }

  tabletUrl(i: number): string {
    const token = this.tokens[i];
    if (token === undefined) throw new Error(`no token for tablet ${i}: call ensureTablets first`);
    return this.boardUrl(token);
  }

  async moderatorUrl(i: number): Promise<string> {
    const expert = await post<JoinResponse>(this.base, '/api/join', { inviteCode: this.inviteCode, name: `Moderator ${i}` });
    return this.boardUrl(expert.token);
  }

  private boardUrl(token: string): string {
    return `${this.base.replace(/^http/, 'ws')}/yjs/${this.boardId}?token=${encodeURIComponent(token)}`;
  }

  tabletSocket(i: number): Promise<Socket> {
    return connectSocket(this.base, this.tokens[i]!);
  }

  async writers(n: number): Promise<Writer[]> {
    const missing = Array.from({ length: Math.max(0, n - this.writerPool.length) }, (_, k) => this.writerPool.length + k);
    const added = await inPool(missing, joinConcurrency, async (i) => {
      const expert = await post<JoinResponse>(this.base, '/api/join', { inviteCode: this.inviteCode, name: `Expert ${i}` });
      return new YishiWriter(i, await connectSocket(this.base, expert.token), this.boardId);
    });
    this.writerPool.push(...added);
    return this.writerPool.slice(0, n);
  }

  close(): void {
    for (const w of this.writerPool) w.close();
  }
}

class PeerHall implements HallBoard {
  readonly wire: Wire;
  private readonly url: string;
  private readonly writerPool: Writer[] = [];

  constructor(server: ServerProcess, dialect: 'y-websocket' | 'hocuspocus') {
    this.wire = new Wire(dialect, 'hall');
    // The reference takes the room from the path; Hocuspocus ignores the path and reads the name from each message.
    this.url = `ws://127.0.0.1:${server.port}/hall`;
  }

  async ensureTablets(): Promise<void> {}

  tabletUrl(): string {
    return this.url;
  }

  moderatorUrl(): Promise<string> {
    return Promise.resolve(this.url);
  }

  async writers(n: number): Promise<Writer[]> {
    const missing = Array.from({ length: Math.max(0, n - this.writerPool.length) }, (_, k) => this.writerPool.length + k);
    this.writerPool.push(...(await inPool(missing, joinConcurrency, (i) => PeerWriter.connect(i, this.url, this.wire))));
    return this.writerPool.slice(0, n);
  }

  close(): void {
    for (const w of this.writerPool) w.close();
  }
}

export async function openHall(server: ServerProcess): Promise<HallBoard> {
  switch (server.kind) {
    case 'yishi':
      return YishiHall.open(server);
    case 'reference':
      return new PeerHall(server, 'y-websocket');
    case 'hocuspocus':
      return new PeerHall(server, 'hocuspocus');
  }
}
