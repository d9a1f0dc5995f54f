// Compiles server/ and shared/ to JavaScript in dist/node (tsconfig.server.json), so the shipped
// server runs on plain `node` without a TypeScript loader. `npm run build:server` always builds;
// `npm start` (start.mjs) calls ensureServerBuild(), which builds only when the output is missing
// or older than a source file, so a `git pull` is never served from a stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the compiled server lands; tsc keeps the source layout below it (server/, shared/). */
export const serverOutDir = path.join(root, 'dist', 'node');

/** The compiled entry point: what `npm start` and the Docker image run with `node`. */
export const serverEntry = path.join(serverOutDir, 'server', 'main.js');

/** Written after a successful build, dated when that build started (edits made during it count as newer). */
const stampFile = path.join(serverOutDir, '.built');

/** What the build reads: a newer one of these makes the output stale. */
const sourceDirs = ['server', 'shared'];
const configFiles = ['tsconfig.server.json', 'tsconfig.base.json', 'package.json'];

function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of sourceDirs) visit(path.join(root, dir));
  for (const file of configFiles) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  return newest;
}

/** True when dist/node holds a build at least as new as every file it was compiled from. */
export function serverBuildIsCurrent() {
  if (!existsSync(serverEntry) || !existsSync(stampFile)) return false;
  return statSync(stampFile).mtimeMs >= newestSourceMtime();
}

/**
 * Compiles into a fresh folder beside dist/node and swaps it in only when tsc succeeded, so a
 * failed or interrupted build never leaves a half-written server that looks current.
 */
export function buildServer() {
  const started = new Date();
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('TypeScript is not installed: run `npm install` (with dev dependencies) to build the server');
  }
  const tmp = `${serverOutDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.server.json', '--outDir', tmp], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.server.json failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
  writeFileSync(path.join(tmp, '.built'), '');
  utimesSync(path.join(tmp, '.built'), started, started);
  mkdirSync(path.dirname(serverOutDir), { recursive: true });
  rmSync(serverOutDir, { recursive: true, force: true });
  renameSync(tmp, serverOutDir);
}

/** Builds the server unless dist/node is current; returns whether it built. */
export function ensureServerBuild() {
  if (serverBuildIsCurrent()) return false;
  buildServer();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildServer();
    console.log(`[build] server compiled into ${path.relative(root, serverOutDir)}`);
  } catch (err) {
    console.error('[build]', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
