/** Providers and sockets a test file opens, closed once after all its tests (one afterAll for every file). */
import { afterAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ProviderClient } from './clients.ts';

export function useOpenClients(): { providers: ProviderClient[]; sockets: Socket[] } {
  const open = { providers: [] as ProviderClient[], sockets: [] as Socket[] };
  afterAll(() => {
    for (const p of open.providers) p.destroy();
    for (const s of open.sockets) s.close();
  });
  return open;
}
