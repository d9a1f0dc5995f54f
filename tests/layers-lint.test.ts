/**
 * The layers are enforced by lint (eslint.config.js): shared/ imports neither server/ nor
 * client/, those two never import each other, and shared/ tests do not import tests/. Each case
 * lints a crafted file through ESLint's Node API with the project's own configuration.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file at `file` (repo-relative). */
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const crossings: [file: string, code: string][] = [
  ['shared/probe.ts', "import { loadConfig } from '../server/config.ts';\nexport const c = loadConfig;\n"],
  ['shared/probe.ts', "export type { ConsoleConn } from '../client/src/console/console-model.ts';\n"],
  ['shared/probe.ts', "import type { Actor } from './roles.ts';\nimport type { Config } from '../server/config.ts';\nexport type Both = [Actor, Config];\n"],
  ['shared/probe.test.ts', "import { spawnServer } from '../tests/helpers/server-process.ts';\nexport const s = spawnServer;\n"],
  ['shared/probe.test.ts', "import fixture from '../tests/fixtures/anything.json';\nexport const f = fixture;\n"],
  ['server/http/probe.ts', "import { t } from '../../client/src/i18n.ts';\nexport const tt = t;\n"],
  ['server/probe.ts', "export * from '../client/src/route.ts';\n"],
  ['client/src/console/probe.ts', "import { buildApp } from '../../../server/app.ts';\nexport const b = buildApp;\n"],
  ['client/src/probe.tsx', "import type { Storage } from '../../server/storage/storage.ts';\nexport type S = Storage;\n"],
];

const legal: [file: string, code: string][] = [
  ['shared/probe.ts', "import type { Actor } from './roles.ts';\nexport type A = Actor;\n"],
  ['shared/probe.test.ts', "import fixture from './similar-concerns.fixture.json';\nexport const f = fixture;\n"],
  ['server/http/probe.ts', "import { Roots } from '../../shared/board-schema.ts';\nimport { appRoot } from '../app-root.ts';\nexport const r = [Roots, appRoot];\n"],
  ['client/src/console/probe.ts', "import { Roots } from '../../../shared/board-schema.ts';\nimport { t } from '../i18n.ts';\nexport const r = [Roots, t];\n"],
  ['tests/probe.test.ts', "import { buildApp } from '../server/app.ts';\nimport { t } from '../client/src/i18n.ts';\nexport const r = [buildApp, t];\n"],
  ['server/yjs/probe.test.ts', "import { gateStorage } from '../../tests/helpers/gated-storage.ts';\nexport const g = gateStorage;\n"],
];

describe('lint enforces the layers', () => {
  it.each(crossings)('refuses a layer-crossing import in %s: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual(['no-restricted-imports']);
  });

  it.each(legal)('lets %s import within its layer or downwards: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });

  it('still keeps Node APIs out of shared/ alongside the layer patterns', async () => {
    expect(await ruleIds('shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual(['no-restricted-imports']);
  });
});
