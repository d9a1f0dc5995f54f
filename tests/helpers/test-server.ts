/** Starts a real Yishi server on port 0 in this process, with a fresh data directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.ts';
import { buildApp, type YishiApp } from '../../server/app.ts';

export interface TestServer {
  app: YishiApp;
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export const testSecret = 'test-secret-for-signing-tokens-0123456789';

export async function startServer(overrides: Partial<Config> = {}, opts: { keepData?: boolean; clientDir?: string } = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'yishi-test-'));
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, secret: testSecret, logLevel: 'silent', ...overrides });
  const app = await buildApp(config, { logger: false, clientDir: opts.clientDir ?? path.join(dataDir, 'no-client') });
  const url = await app.listen();
  return {
    app,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir,
    async close() {
      await app.close();
      if (!opts.keepData && !overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
