/**
 * A quiet board keeps its tablets connected. The stock y-websocket provider closes and
 * reconnects when it has received no message for 30 s; residents receive no awareness, so
 * without the server's keep-alive (server/yjs/socket-liveness.ts) every tablet of a quiet hall
 * reconnected, and joined again, every 30 s. Slow on purpose: it waits out the provider's timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/test-server.ts';
import { connectProvider, createSession, join, synced } from './helpers/clients.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

describe('quiet board', () => {
  it("a resident's stock provider publishing awareness stays connected past its 30 s message timeout", async () => {
    const session = await createSession(server.url);
    const resident = await join(server.url, session.joinCode, { name: 'Wang' });
    const p = connectProvider(server.wsUrl, session.boards[0]!.id, resident.token);
    const statuses: string[] = [];
    p.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
    try {
      await synced(p);
      // What the app publishes (renewed by y-protocols every 15 s; never sent back to a resident).
      p.provider.awareness.setLocalState({ outbox: { queued: 0, failed: 0 } });
      await new Promise((r) => setTimeout(r, 36_000));
      expect(statuses).toEqual(['connected']);
      expect(p.provider.wsconnected).toBe(true);
    } finally {
      p.destroy();
    }
  }, 90_000);
});
