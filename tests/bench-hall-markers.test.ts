/**
 * What `npm run bench:hall` counts on: a concern's marker is found in the bytes a tablet
 * receives, whatever frames carry it and however TCP cuts them, and a tablet that never gets a
 * marker counts as not delivered. Checked against a real Yishi server's merged frames too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkMarkerEncoding, MarkerLog, MarkerScanner, markerText } from '../bench/markers.ts';
import { HallTablet, Wire } from '../bench/hall-tablet.ts';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { command, connectSocket, createSession, join } from './helpers/clients.ts';

function scanAll(chunks: Buffer[]): number[] {
  const scanner = new MarkerScanner();
  const found: number[] = [];
  for (const c of chunks) scanner.scan(c, (id) => found.push(id));
  return found;
}

describe('bench:hall markers', () => {
  it('are found in single, merged and full-state updates, at every chunk cut (the startup check)', () => {
    expect(() => checkMarkerEncoding()).not.toThrow();
  });

  it('survive a stream cut byte by byte, and nothing is found where there is no marker', () => {
    const stream = Buffer.from(`xx${markerText(12)}yy#y#yc#yc7 ${markerText(3456)}#`, 'utf8');
    expect(scanAll([...stream].map((b) => Buffer.from([b])))).toEqual([12, 3456]);
    expect(scanAll([Buffer.from('#yc #yc12 #y c12# #YC5#')])).toEqual([]);
  });

  it('count a tablet that never saw a concern as not delivered, and only the measured window', () => {
    const log = new MarkerLog(3, 100);
    const warm = log.begin(0);
    log.measuring = true;
    const a = log.begin(10);
    const b = log.begin(20);
    log.deliver(0, warm, 5);
    for (const t of [0, 1, 2]) log.deliver(t, a, 15);
    log.deliver(0, b, 30);
    log.deliver(0, b, 31);
    log.deliver(1, 99, 40);
    const s = log.stats();
    expect(s).toMatchObject({ writes: 2, expected: 6, deliveries: 4, duplicates: 1, unknown: 1 });
    expect(s.deliveredPct).toBeCloseTo((100 * 4) / 6);
    expect(log.pending).toBe(1);
    log.fail(b);
    expect(log.pending).toBe(0);
    expect(log.stats()).toMatchObject({ failed: 1, expected: 6, deliveries: 4 });
  });
});

describe('bench:hall tablet on a Yishi server', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  /** A server with a session: its first board, the facilitator's socket, a new resident's board URL each call. */
  async function openBoard() {
    server = await startServer();
    const base = server.url;
    const session = await createSession(base);
    const boardId = session.boards[0]!.id;
    const facilitator = await connectSocket(base, session.facilitatorToken);
    const url = async () => `${base.replace(/^http/, 'ws')}/yjs/${boardId}?token=${encodeURIComponent((await join(base, session.joinCode)).token)}`;
    return { boardId, facilitator, url, wire: new Wire('y-websocket', boardId) };
  }

  it('finds every concern of a burst of note:add commands (batched into merged frames) exactly once', async () => {
    server = await startServer();
    const session = await createSession(server.url);
    const boardId = session.boards[0]!.id;
    const resident = await join(server.url, session.joinCode);
    const found = new Map<number, number>();
    const tablet = await HallTablet.connect({
      url: `${server.url.replace(/^http/, 'ws')}/yjs/${boardId}?token=${encodeURIComponent(resident.token)}`,
      wire: new Wire('y-websocket', boardId),
      index: 0,
      timeoutMs: 10_000,
      onMarker: (_t, id) => found.set(id, (found.get(id) ?? 0) + 1),
    });
    const facilitator = await connectSocket(server.url, session.facilitatorToken);
    try {
      const ids = Array.from({ length: 30 }, (_, i) => 1000 + i);
      const acks = await Promise.all(ids.map((id) => command(facilitator, 'note:add', { boardId, text: markerText(id) })));
      expect(acks.every((a) => a.ok)).toBe(true);
      const deadline = Date.now() + 5000;
      while (found.size < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect([...found.keys()].sort()).toEqual(ids);
      expect([...found.values()].every((k) => k === 1)).toBe(true);
      // Fewer frames than concerns: the server merged some, and the markers were still found.
      expect(tablet.frames).toBeGreaterThan(0);
      expect(tablet.frames).toBeLessThan(ids.length);
    } finally {
      facilitator.close();
      tablet.close();
    }
  });

  it('reads the board from its sync step 2 and restores from a state vector', async () => {
    const { boardId, facilitator, url, wire } = await openBoard();
    try {
      expect((await command(facilitator, 'note:add', { boardId, text: markerText(1) })).ok).toBe(true);
      const reader = await HallTablet.connect({ url: await url(), wire, index: 0, keepStep2: true, timeoutMs: 10_000 });
      reader.close();
      const sv = Y.encodeStateVectorFromUpdate(reader.step2!);
      expect((await command(facilitator, 'note:add', { boardId, text: markerText(2) })).ok).toBe(true);
      const restoring = await HallTablet.connect({ url: await url(), wire, index: 1, keepStep2: true, stateVector: sv, timeoutMs: 10_000 });
      restoring.close();
      const missing: number[] = [];
      new MarkerScanner().scan(Buffer.from(restoring.step2!), (id) => missing.push(id));
      expect(missing).toEqual([2]);
    } finally {
      facilitator.close();
    }
  });

  it('offers deflate as a browser does: a compressed join is inflated whole and read, and is smaller on the wire than a plain one', async () => {
    const { boardId, facilitator, url, wire } = await openBoard();
    try {
      const ids = Array.from({ length: 40 }, (_, i) => 100 + i);
      for (const id of ids) expect((await command(facilitator, 'note:add', { boardId, text: markerText(id) })).ok).toBe(true);
      const read = async (deflate: boolean) => {
        const t = await HallTablet.connect({ url: await url(), wire, index: 0, keepStep2: true, deflate, timeoutMs: 10_000 });
        // A compressed awareness message the server must inflate; the tablet stays open after it.
        t.startAwareness(1234, { user: { name: 'x' } }, 60_000);
        await new Promise((r) => setTimeout(r, 200));
        expect(t.open).toBe(true);
        t.close();
        const found: number[] = [];
        for (const u of [...t.updates, t.step2!]) new MarkerScanner().scan(Buffer.from(u), (id) => found.push(id));
        // The fan-out window after the last command may repeat what the step 2 holds: each concern once is what counts.
        return { found: [...new Set(found)].sort((a, b) => a - b), wire: t.syncWireBytes, copy: [...t.updates, t.step2!].reduce((n, u) => n + u.byteLength, 0) };
      };
      const deflated = await read(true);
      const plain = await read(false);
      expect(deflated.found).toEqual(ids);
      expect(plain.found).toEqual(ids);
      expect(plain.wire).toBeGreaterThanOrEqual(plain.copy);
      expect(deflated.wire).toBeLessThan(deflated.copy / 2);
      // A listening tablet inflates only the head of a compressed frame, and still knows its sync step 2.
      const listener = await HallTablet.connect({ url: await url(), wire, index: 3, timeoutMs: 10_000 });
      listener.close();
      expect(listener.syncWireBytes).toBeLessThan(deflated.copy / 2);
    } finally {
      facilitator.close();
    }
  });
});
