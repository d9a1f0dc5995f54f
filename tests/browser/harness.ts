/**
 * Browser tests: a real Yishi server on port 0 serving the freshly built client, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser). One browser per test file;
 * each person (facilitator, tablets, big screen) gets their own context, so their storage,
 * tokens and IndexedDB are separate, as on separate devices.
 *
 * Every page of every device reports its Content-Security-Policy violations here, and a test
 * fails when any was seen during it (or its file's setup): the app must run under its own CSP.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Config } from '../../server/config.ts';
import { startServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import './build-client.ts';

const require = createRequire(import.meta.url);

/** Where screenshots go (git-ignored; CI keeps them as artifacts). */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/screens', import.meta.url));

/** Chromium flags that work on this machine kind (STACK.md, gotcha 4). */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** One `securitypolicyviolation` event seen in a page. */
export interface CspViolation {
  /** The directive that refused it, e.g. `script-src-elem`. */
  directive: string;
  /** What was refused: a URL, or `inline` / `eval`. */
  blocked: string;
  /** Where: the script and line that caused it, and the page. */
  source: string;
  sample: string;
  page: string;
}

const cspViolations: CspViolation[] = [];
/** Every context opened in this file that is still open (to flush their reports). */
const openContexts = new Set<BrowserContext>();

/** Reports from pages are asynchronous: one round trip to each open page delivers those still under way. */
async function flushCspReports(): Promise<void> {
  for (const ctx of openContexts) {
    for (const page of ctx.pages()) await page.evaluate(() => 0).catch(() => undefined);
  }
}

/** Takes (and forgets) the violations seen so far; a test that provokes one on purpose calls it. */
export async function takeCspViolations(): Promise<CspViolation[]> {
  await flushCspReports();
  return cspViolations.splice(0);
}

/** Listens in every page of a device, before the page's own scripts run. */
async function recordCspViolations(ctx: BrowserContext): Promise<void> {
  await ctx.exposeBinding('__yishiCspViolation', (_source, v: CspViolation) => {
    cspViolations.push(v);
  });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __yishiCspViolation?: (v: CspViolation) => void }).__yishiCspViolation;
      void report?.({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample, page: location.href });
    });
  });
}

// Registered in every test file that uses the harness.
afterEach(async () => {
  expect(await takeCspViolations(), 'Content-Security-Policy violations in the browser').toEqual([]);
});

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
      openContexts.add(ctx);
      ctx.on('close', () => openContexts.delete(ctx));
      await recordCspViolations(ctx);
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

let axeCode: string | null = null;
const axeSource = (): string => (axeCode ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/**
 * What axe checks by default: the WCAG 2.0/2.1 A and AA rules and axe's best practices (one main
 * landmark, all content in landmarks, one h1, headings in order, landmarks told apart…), as
 * issue 17 asks of every screen.
 */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe-core (the `axeTags` rules, or only the rules named in `ruleIds`) on the page as it is
 * now and returns its violations.
 */
export async function axeViolations(page: Page, ruleIds?: string[]): Promise<AxeViolation[]> {
  const already = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through DevTools, not added as an inline <script>: the app's CSP refuses those.
  if (!already) await page.evaluate(axeSource());
  return page.evaluate(async ({ rules, tags }) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags };
    const result = await axe.run(document, { runOnly });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, { rules: ruleIds, tags: axeTags });
}
