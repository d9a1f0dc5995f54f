/** Starts a real Yishi server on port 0 in this process, with a fresh data directory. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { loadConfig, type Config } from '../../server/config.ts';
import { buildApp, type YishiApp } from '../../server/app.ts';
import { DefaultLimits, type LimitsConfig } from '../../server/limits/limits-config.ts';

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

const off = { max: 0, windowMs: 60_000 };
/**
 * Suites create many sessions, invites and photos from 127.0.0.1, so those quotas are off unless
 * a test sets `limits` (tests/join-limits.test.ts does); the wrong-code rule keeps its defaults.
 * Redis keys get a prefix of their own, so parallel runs sharing a Redis do not count together.
 */
export const testLimits: LimitsConfig = {
  ...DefaultLimits, sessions: off, invites: off, photos: off, photosPerAddress: off,
  keyPrefix: `yishi-test:limits:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`,
};

export async function startServer(overrides: Partial<Config> = {}, opts: { keepData?: boolean; clientDir?: string } = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'yishi-test-'));
  const config = loadConfig({}, { port: 0, host: '127.0.0.1', dataDir, secret: testSecret, logLevel: 'silent', limits: testLimits, ...overrides });
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

/** A throw-away self-signed certificate for CN=localhost, made with openssl, for TLS tests. */
export function selfSignedTls(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yishi-tls-'));
  try {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Two servers on one data directory and one Redis (scale-out tests). Fails loudly, not skips,
 * when Redis is missing: CI must provide it.
 */
export async function startRedisPair(prefix: string, overrides: Partial<Config> = {}): Promise<{ a: TestServer; b: TestServer; redisUrl: string; dataDir: string }> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const probe = createClient({ url: redisUrl });
  await probe.connect();
  await probe.close();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `yishi-${prefix}-`));
  const a = await startServer({ dataDir, redisUrl, serverId: `${prefix}-a`, ...overrides });
  const b = await startServer({ dataDir, redisUrl, serverId: `${prefix}-b`, ...overrides });
  return { a, b, redisUrl, dataDir };
}
