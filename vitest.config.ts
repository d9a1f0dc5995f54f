import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser tests load the client as built now (dist/test-client).
    globalSetup: ['tests/browser/build-client.ts'],
    // Integration suites start real servers on port 0; two cores on this machine kind.
    maxWorkers: 2,
  },
});
