/**
 * Browser tests: a real Yishi server on port 0 serving the freshly built client, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser). One browser per test file;
 * each person (facilitator, tablets, big screen) gets their own context, so their storage,
 * tokens and IndexedDB are separate, as on separate devices.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Config } from '../../server/config.ts';
import { startServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { afterAll, beforeAll, inject } from 'vitest';
import './build-client.ts';

const require = createRequire(import.meta.url);

/** Where screenshots go (git-ignored; CI keeps them as artifacts). */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/screens', import.meta.url));

/** Chromium flags that work on this machine kind (STACK.md, gotcha 4). */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The devices people use in the hall. */
export const devices = {
  /** A facilitator's laptop. */
  laptop: { viewport: { width: 1366, height: 800 } },
  /** A resident's tablet: touch, tablet-sized. */
  tablet: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
  /** A resident's phone. */
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 },
  /** The projector. */
  projector: { viewport: { width: 1920, height: 1080 } },
} satisfies Record<string, BrowserContextOptions>;

/** A server and a browser for one test file. */
export interface BrowserRig {
  server: TestServer;
  browser: Browser;
  /** A new device: its own context (storage), in the given language. */
  device(kind: keyof typeof devices, opts?: { locale?: 'zh-CN' | 'en' } & BrowserContextOptions): Promise<BrowserContext>;
  /** A page on a new device, at `path` of the server. */
  open(kind: keyof typeof devices, urlPath: string, opts?: { locale?: 'zh-CN' | 'en' } & BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the server (with the test client build) and Chromium. */
export async function startRig(overrides: Partial<Config> = {}): Promise<BrowserRig> {
  const server = await startServer(overrides, { clientDir: inject('testClientDir') });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const contexts: BrowserContext[] = [];
  const rig: BrowserRig = {
    server,
    browser,
    async device(kind, opts = {}) {
      const { locale = 'en', ...rest } = opts;
      const ctx = await browser.newContext({ ...devices[kind], locale, baseURL: server.url, ...rest });
      contexts.push(ctx);
      return ctx;
    },
    async open(kind, urlPath, opts) {
      const ctx = await rig.device(kind, opts);
      const page = await ctx.newPage();
      await page.goto(urlPath);
      return page;
    },
    async close() {
      for (const ctx of contexts) await ctx.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
  return rig;
}

/**
 * One rig for a test file: started before its tests, closed after them. The returned object
 * stands for the rig once started (use it inside tests and hooks, not at module level).
 */
export function useRig(overrides: Partial<Config> = {}): BrowserRig {
  let started: BrowserRig | null = null;
  beforeAll(async () => {
    started = await startRig(overrides);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  const rig = (): BrowserRig => {
    if (!started) throw new Error('The browser rig is used before it started (use it inside tests or hooks).');
    return started;
  };
  return {
    get server() {
      return rig().server;
    },
    get browser() {
      return rig().browser;
    },
    device: (kind, opts) => rig().device(kind, opts),
    open: (kind, urlPath, opts) => rig().open(kind, urlPath, opts),
    close: () => rig().close(),
  };
}

/** Saves a full-page screenshot as `test-artifacts/screens/<name>.png` (look at them). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** One axe-core violation, trimmed to what a failing test should print. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.1 A/AA rules) on the page as it is now and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const already = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!already) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
