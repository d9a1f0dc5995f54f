/**
 * `npm start` and the Docker image run the compiled server (dist/node) on plain node, with no
 * TypeScript loader and, in the image, no dev dependencies. The build is reused when current
 * (scripts/build-server.mjs decides, as `npm start` does) and made otherwise.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild, serverOutDir } from '../scripts/build-server.mjs';
import { appRoot } from '../server/app-root.ts';
import { spawnServer } from './helpers/server-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function compiledFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.m?js$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Every module specifier of static imports, re-exports and dynamic imports with a literal. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  // A specifier has no white space: text ending in "from" before a quote (a phrase list in
  // shared/concern-concepts.ts: 'miles from'], ['shelter' …) is not an import.
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"\s]+)\1/gm)) found.push(m[2]!);
  return found;
}

describe('the compiled server (npm start, Docker)', () => {
  let dir: string;
  beforeAll(() => {
    ensureServerBuild();
    dir = mkdtempSync(path.join(tmpdir(), 'yishi-compiled-'));
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is JavaScript whose relative imports name .js files, with the SQLite writer beside its store', () => {
    const files = compiledFiles(serverOutDir);
    expect(files.map((f) => path.relative(serverOutDir, f))).toEqual(expect.arrayContaining([
      path.join('server', 'main.js'), path.join('server', 'storage', 'sqlite-writer.worker.mjs'), path.join('shared', 'commands.js'),
    ]));
    const relative = files.flatMap((f) => specifiers(readFileSync(f, 'utf8')).filter((s) => s.startsWith('.')).map((s) => `${path.relative(serverOutDir, f)}: ${s}`));
    expect(relative.length).toBeGreaterThan(100);
    expect(relative.filter((s) => !/\.m?js$/.test(s))).toEqual([]);
  });

  it('imports only Node built-ins and package.json dependencies (the image prunes dev dependencies)', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const outside = new Set<string>();
    for (const file of compiledFiles(serverOutDir)) {
      for (const s of specifiers(readFileSync(file, 'utf8'))) {
        if (s.startsWith('.') || s.startsWith('node:') || builtins.has(s)) continue;
        const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
        if (!(name in pkg.dependencies)) outside.add(`${path.relative(serverOutDir, file)}: ${s}`);
      }
    }
    expect([...outside]).toEqual([]);
    expect(pkg.dependencies).not.toHaveProperty('tsx');
  });

  it('finds the app folder (and so dist/client) from dist/node as it does from server/', async () => {
    const compiled = (await import(pathToFileURL(path.join(serverOutDir, 'server', 'app-root.js')).href)) as { appRoot: string };
    expect(compiled.appRoot).toBe(root);
    expect(appRoot).toBe(root);
  });

  it('starts on plain node, answers /healthz with its SQLite store up, and stops cleanly on SIGTERM', async () => {
    const srv = await spawnServer({ DATA_DIR: dir }, 'compiled');
    try {
      const res = await fetch(`${srv.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, storage: { ok: true, kind: 'sqlite' } });
    } finally {
      srv.child.kill('SIGTERM');
    }
    expect(await srv.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
