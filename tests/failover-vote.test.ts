/**
 * A process dying mid-vote (issue 21): three server processes on one PostgreSQL database, 99
 * residents and three experts spread over them as a round-robin load balancer would, votes
 * flowing; the session's owner is killed with SIGKILL. The clients that were on it reconnect to
 * the others, the others' hand-overs fail until the owner's lease lapses and one of them takes
 * the session over; every acknowledged vote is there exactly once, every budget is exact, and
 * the experts' Yjs edits (relayed, no ack) reach the board through the resync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type { Socket } from 'socket.io-client';
import { command, connectSocket, createSession, eventually, join, joinAsExpert, type AckResult } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';
import { createTestDatabase, createTestSchema } from './helpers/postgres.ts';
import { spawnServer, type ServerProcess } from './helpers/server-process.ts';
import { openPostgresStorage, type PostgresStorage } from '../server/storage/postgres-storage.ts';
import { notesMap } from '../shared/board-doc.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let store: PostgresStorage | null = null;
const procs: ServerProcess[] = [];
const sockets = new Set<Socket>();
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const s of sockets) s.close();
  for (const p of procs) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
  await store?.close();
  await db?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const Retry = new Set(['SERVED_ELSEWHERE', 'SHUTTING_DOWN', 'NO_ACK', 'INTERNAL']);
/** How long one command is retried before the test fails with its attempts (the test's own limit is 240 s). */
const GiveUpMs = 90_000;

/** A client that, like the app's outbox behind a load balancer, sends a command again (same key) through the next process until it is acknowledged. */
class Client {
  private sock: Socket | null = null;
  constructor(private readonly token: string, private at: number, private readonly live: () => ServerProcess[]) {}

  private async socket(): Promise<Socket> {
    if (this.sock?.connected) return this.sock;
    this.sock?.close();
    for (;;) {
      const all = this.live();
      const target = all[this.at % all.length]!;
      try {
        this.sock = await connectSocket(target.url, this.token);
        sockets.add(this.sock);
        return this.sock;
      } catch {
        this.at++;
        await sleep(200);
      }
    }
  }

  /**
   * The ack, when it came, and when the attempt that got it was sent. Gives up after
   * `GiveUpMs` of retries with what the attempts got, so a command that is never served fails
   * the test with its story instead of running into the test's timeout.
   */
  async send(name: string, payload: object): Promise<{ ack: AckResult; at: number; sentAt: number }> {
    const started = performance.now();
    const tries: string[] = [];
    for (;;) {
      if (performance.now() - started > GiveUpMs) {
        throw new Error(`${name} not served after ${Math.round((performance.now() - started) / 1000)} s; attempts: ${tries.slice(-12).join(', ')}`);
      }
      const sock = await this.socket();
      const sentAt = performance.now();
      const ack = await command(sock, name, payload).catch((err: Error) => ({ ok: false, error: { code: 'NO_ACK', message: err.message } }) as AckResult);
      if (ack.ok || !Retry.has(ack.error!.code)) return { ack, at: performance.now(), sentAt };
      tries.push(`${Math.round((sentAt - started) / 100) / 10} s ${ack.error!.code} via ${this.at % 3}`);
      this.sock?.close();
      this.sock = null;
      this.at++; // the balancer's next pick
      await sleep(200);
    }
  }
}

describe('a process dies mid-vote', () => {
  it('kill -9 of the owner with 99 residents voting through three processes: served again by another, every ack exactly once, every budget exact', async () => {
    const { url } = await createTestSchema(db.url);
    const env = { DATABASE_URL: url, SECRET: 'failover-test-secret', RETENTION_DAYS: '0', LOG_LEVEL: 'info' };
    const all = [await spawnServer(env), await spawnServer(env), await spawnServer(env)];
    procs.push(...all);
    const dead = new Set<ServerProcess>();
    const live = () => all.filter((p) => !dead.has(p));

    const s = await createSession(all[0]!.url, 'Vote 投票', { dotsPerParticipant: 5, capPerTarget: 5 });
    const boardId = s.boards[0]!.id;
    const fac = new Client(s.facilitatorToken, 0, live);
    const noteIds: string[] = [];
    for (let i = 0; i < 10; i++) noteIds.push((await fac.send('note:add', { boardId, text: `Option ${i}`, idempotencyKey: `option-key-${i}` })).ack.noteId as string);
    for (const phase of ['cluster', 'vote']) expect((await fac.send('phase:set', { boardId, phase })).ack.ok).toBe(true);

    // 99 residents joined through the three processes in turn, each on a socket of "its" process.
    // One after another: all come from one address, where a burst of first joins with a code the
    // address has not used yet would count as guesses (server/limits/code-guard.ts).
    const residents: { id: string; client: Client }[] = [];
    for (let i = 0; i < 99; i++) {
      const r = await join(all[i % 3]!.url, s.joinCode, { name: `Resident ${i}` });
      residents.push({ id: r.participantId, client: new Client(r.token, i % 3, live) });
    }
    // Three experts edit the board over Yjs, one through each process.
    const experts = await Promise.all([0, 1, 2].map(async (i) => {
      const e = await joinAsExpert(all[i]!.url, s.sessionId, s.facilitatorToken, `Expert ${i}`);
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${all[i]!.wsUrl}/yjs`, boardId, doc, { params: { token: e.token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
      providers.push(provider);
      await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())));
      return { doc, provider, token: e.token };
    }));

    // Everyone votes five dots, one after another; the owner (all[0]) is killed after the first round.
    let killedAt = 0;
    let firstRound = 0;
    const firstAfterKill: number[] = [];
    let voteFailed: Error | null = null;
    const votes = residents.map(async (r, i) => {
      const acks: AckResult[] = [];
      for (let k = 0; k < 5; k++) {
        if (k === 1) while (killedAt === 0 && !voteFailed) await sleep(50);
        const { ack, at, sentAt } = await r.client.send('vote:cast', { boardId, targetId: noteIds[(i + k) % 10], idempotencyKey: `vote-${i}-${k}-key` });
        if (k === 0) firstRound++;
        if (killedAt > 0 && sentAt > killedAt && ack.ok) firstAfterKill.push(at);
        acks.push(ack);
      }
      return acks;
    }).map((p) => p.catch((err: Error) => {
      voteFailed ??= err;
      throw err;
    }));
    // A vote that is never served fails the test with its attempts and the servers' logs.
    const failWithLogs = (err: Error): never => {
      throw new Error(`${err.message}\n${all.map((p, i) => `--- process ${i}${dead.has(p) ? ' (killed)' : ''}:\n${p.output().slice(-3000)}`).join('\n')}`);
    };
    // Each expert moves "its" concern before the kill and again while the owner is gone.
    experts.forEach((e, i) => notesMap(e.doc).get(noteIds[i]!)!.set('x', 100 + i));
    while (firstRound < residents.length) {
      if (voteFailed) failWithLogs(voteFailed);
      await sleep(50);
    }
    // The second round starts, and the owner dies while its votes are on their way.
    killedAt = -1;
    await sleep(30);
    all[0]!.child.kill('SIGKILL');
    killedAt = performance.now();
    dead.add(all[0]!);
    await all[0]!.exited;
    experts.forEach((e, i) => notesMap(e.doc).get(noteIds[i]!)!.set('y', 200 + i));
    // The expert who was on the dead process reaches another (as through the balancer), with the same document.
    experts[0]!.provider.destroy();
    const moved = new WebsocketProvider(`${all[1]!.wsUrl}/yjs`, boardId, experts[0]!.doc, { params: { token: experts[0]!.token }, WebSocketPolyfill: WebSocket as never, disableBc: true });
    providers.push(moved);

    const results = await Promise.all(votes).catch(failWithLogs);
    const failoverMs = Math.min(...firstAfterKill) - killedAt;
    console.log(`owner killed mid-vote: first vote acknowledged through another process ${(failoverMs / 1000).toFixed(1)} s after the kill; ${residents.length} residents × 5 dots`);
    for (const acks of results) {
      expect(acks.every((a) => a.ok)).toBe(true);
      // Remaining dots count down 4..0 for every resident: no dot counted twice, none lost.
      expect(acks.map((a) => a.remaining)).toEqual([4, 3, 2, 1, 0]);
    }

    store = await openPostgresStorage({ url });
    const rows = await store.listVotes(boardId);
    for (const r of residents) expect(rows.filter((v) => v.participantId === r.id).reduce((n, v) => n + v.count, 0)).toBe(5);
    expect(rows.reduce((n, v) => n + v.count, 0)).toBe(99 * 5);

    // Every expert's edits, made before and during the outage, are on the board once it is served again.
    await eventually(async () => {
      const reader = await connectRaw(all[2]!.wsUrl, boardId, s.facilitatorToken);
      await reader.synced;
      const notes = notesMap(reader.doc);
      reader.close();
      for (let i = 0; i < 3; i++) {
        expect(notes.get(noteIds[i]!)?.get('x')).toBe(100 + i);
        expect(notes.get(noteIds[i]!)?.get('y')).toBe(200 + i);
      }
      expect(notes.size).toBe(10);
    }, 30_000);
  }, 240_000);
});
