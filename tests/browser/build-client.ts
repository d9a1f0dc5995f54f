/**
 * vitest global setup: builds the client once per run into a fresh folder under dist/, so
 * browser tests exercise the code as it is now (never a stale dist/ from an earlier
 * `npm start`), and two runs at once do not overwrite each other's build.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding this run's client build. */
    testClientDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fileURLToPath(new URL(`../../dist/test-client-${process.pid}`, import.meta.url));
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  project.provide('testClientDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
