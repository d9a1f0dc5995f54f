import type { LimitStore } from '../server/limits/limit-store.ts';
import { createMemoryLimitStore } from '../server/limits/memory-limit-store.ts';
import { limitStoreContract } from './contract/limit-store.contract.ts';

// Each instance stands for one whole process, so instances share nothing.
limitStoreContract('memory', async () => {
  const created: LimitStore[] = [];
  return {
    create: async () => {
      const store = createMemoryLimitStore();
      created.push(store);
      return store;
    },
    cleanup: async () => {
      await Promise.all(created.map((s) => s.close()));
    },
  };
});
