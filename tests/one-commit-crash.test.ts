/**
 * Every command is one commit (docs/API.md, Durability): `phase:set` with `boardId: "*"` on a
 * session with several breakouts, the server killed with SIGKILL at a random moment while it
 * runs; after each restart every board moved or none did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Phases, type Phase } from '../shared/board-schema.ts';
import { spawnServer, type ServerProcess } from './helpers/server-process.ts';
import { command, connectSocket, createSession, join } from './helpers/clients.ts';
import { connectRaw } from './helpers/raw-yjs-client.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'yishi-one-commit-'));
const env = { DATA_DIR: dir, SECRET: 'one-commit-crash-secret' };
let live: ServerProcess | null = null;

afterAll(async () => {
  if (live) {
    live.child.kill('SIGKILL');
    await live.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function phasesOf(server: ServerProcess, boardIds: string[], token: string): Promise<Phase[]> {
  const out: Phase[] = [];
  for (const id of boardIds) {
    const c = await connectRaw(server.wsUrl, id, token);
    await c.synced;
    out.push((c.doc.getMap('board').get('phase') as Phase | undefined) ?? 'gather');
    c.close();
  }
  return out;
}

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

describe('one commit per command, under SIGKILL', () => {
  it('phase:set "*" killed at random moments leaves every board moved or none', async () => {
    live = await spawnServer(env);
    const s = await createSession(live.url, 'Crash in the middle');
    const fac = await connectSocket(live.url, s.facilitatorToken);
    const r = await join(live.url, s.joinCode, { name: 'Proposer' });
    const res = await connectSocket(live.url, r.token);
    const boardIds = [s.boards[0]!.id];
    for (const title of ['Lift', 'Parking', 'Noise', 'Canteen', 'Bikes', 'Lights']) {
      const topicId = (await command(res, 'topic:propose', { title })).topicId as string;
      boardIds.push((await command(fac, 'topic:accept', { topicId })).boardId as string);
    }
    res.close();
    fac.close();

    const outcomes = { moved: 0, none: 0 };
    let current: Phase = 'gather';
    // Kill delays after the command is sent, in ms: from before it reaches the server to after it
    // has surely committed; shuffled so each run lands at other moments.
    const delays = [0, 3, 6, 10, 15, 30].sort(() => Math.random() - 0.5);
    for (const delay of delays) {
      const target: Phase = Phases[(Phases.indexOf(current) + 1) % Phases.length]!;
      const sock = await connectSocket(live.url, s.facilitatorToken);
      void command(sock, 'phase:set', { boardId: '*', phase: target }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await kill(live);
      sock.close();
      live = await spawnServer(env);
      const phases = await phasesOf(live, boardIds, s.facilitatorToken);
      // The rule: all boards at the target, or all still where they were.
      expect(new Set(phases).size, `after a kill ${delay} ms in: ${phases.join(', ')}`).toBe(1);
      expect([current, target]).toContain(phases[0]);
      if (phases[0] === target) outcomes.moved++;
      else outcomes.none++;
      current = phases[0]!;
    }
    console.log(`phase:set "*" over ${boardIds.length} boards, killed ${delays.length} times: ${outcomes.moved} moved, ${outcomes.none} none`);

    // Positive control: acked means every board moved, and the reads above see a move.
    const target: Phase = Phases[(Phases.indexOf(current) + 1) % Phases.length]!;
    const sock = await connectSocket(live.url, s.facilitatorToken);
    expect(await command(sock, 'phase:set', { boardId: '*', phase: target })).toMatchObject({ ok: true, boards: boardIds.length });
    sock.close();
    await kill(live);
    live = await spawnServer(env);
    expect(await phasesOf(live, boardIds, s.facilitatorToken)).toEqual(boardIds.map(() => target));
  }, 300_000);
});
