/**
 * Shutdown in order (docs/API.md, "Shutdown"): on SIGTERM the server refuses new commands with
 * SHUTTING_DOWN, lets running ones commit and sends their acks, and only then closes sockets and
 * storage. Checked against a real child process under a stream of `note:add`s: afterwards every
 * concern in storage was acked to its sender; none was committed without an ack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Socket } from 'socket.io-client';
import { spawnServer } from './helpers/server-process.ts';
import { connectSocket, createSession, join, type AckResult } from './helpers/clients.ts';
import { openSqliteStorage } from '../server/storage/sqlite-storage.ts';
import { notesMap } from '../shared/board-doc.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Outcome = { text: string; kind: 'acked' | 'refused' | 'unanswered'; code?: string };

/** Keeps `inFlight` note:adds outstanding on one socket until `count` were sent or the socket drops. */
async function stream(socket: Socket, boardId: string, tag: string, count: number, inFlight: number, outcomes: Outcome[], onAck: () => void): Promise<void> {
  let sent = 0;
  const one = async (): Promise<void> => {
    while (sent < count && socket.connected) {
      const text = `${tag}-${sent++}`;
      try {
        const ack = (await socket.timeout(5000).emitWithAck('note:add', { boardId, text })) as AckResult;
        outcomes.push(ack.ok ? { text, kind: 'acked' } : { text, kind: 'refused', code: ack.error?.code });
        onAck();
      } catch {
        outcomes.push({ text, kind: 'unanswered' });
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, one));
}

describe('shutdown in order', () => {
  it('SIGTERM under a stream of note:add: every committed concern was acked, the rest were refused or never committed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'yishi-shutdown-'));
    dirs.push(dir);
    const srv = await spawnServer({ DATA_DIR: dir, SECRET: 'shutdown-order-secret' });
    const s = await createSession(srv.url, 'Shutdown under load');
    const boardId = s.boards[0]!.id;
    const sockets: Socket[] = [];
    for (let i = 0; i < 6; i++) sockets.push(await connectSocket(srv.url, (await join(srv.url, s.joinCode)).token));

    const outcomes: Outcome[] = [];
    let acks = 0;
    let signalled = false;
    // SIGTERM lands while every socket still has commands outstanding.
    const onAck = () => {
      if (++acks === 90 && !signalled) {
        signalled = true;
        srv.child.kill('SIGTERM');
      }
    };
    // Under the per-socket burst (60), so no refusal is for rate.
    await Promise.all(sockets.map((sock, i) => stream(sock, boardId, `c${i}`, 55, 8, outcomes, onAck)));
    expect(signalled).toBe(true);
    const exit = await srv.exited;
    expect(exit.code).toBe(0);
    for (const sock of sockets) sock.close();

    const storage = await openSqliteStorage({ file: path.join(dir, 'yishi.db') });
    const stored = await storage.loadBoardDoc(boardId);
    await storage.close();
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    const committed = new Set([...notesMap(doc).values()].map((n) => n.get('text') as string));

    const acked = new Set(outcomes.filter((o) => o.kind === 'acked').map((o) => o.text));
    const committedWithoutAck = [...committed].filter((t) => !acked.has(t));
    const ackedButLost = [...acked].filter((t) => !committed.has(t));
    const refusals = outcomes.filter((o) => o.kind === 'refused');
    const count = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
    console.log(`shutdown under load: ${outcomes.length} sent, ${count('acked')} acked, ${count('refused')} refused, ${count('unanswered')} unanswered, ${committed.size} committed`);
    expect(committed.size).toBeGreaterThanOrEqual(90);
    expect({ committedWithoutAck, ackedButLost }).toEqual({ committedWithoutAck: [], ackedButLost: [] });
    // A refusal during shutdown says so; nothing else refuses a valid note:add here.
    expect(refusals.filter((o) => o.code !== 'SHUTTING_DOWN')).toEqual([]);
  }, 90_000);
});
