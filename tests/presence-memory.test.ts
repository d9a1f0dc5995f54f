import type { Presence } from '../server/presence/presence.ts';
import { createMemoryPresence } from '../server/presence/memory-presence.ts';
import { presenceContract } from './contract/presence.contract.ts';

// Each instance stands for one whole process, so instances share nothing.
presenceContract('memory', async () => {
  const created: Presence[] = [];
  return {
    create: async () => {
      const presence = createMemoryPresence();
      created.push(presence);
      return presence;
    },
    cleanup: async () => {
      await Promise.all(created.map((p) => p.close()));
    },
  };
});
