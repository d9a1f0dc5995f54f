import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The layers (README, "Project layout"): shared/ is the pure domain that server/ and client/
// both import; server/ and client/ never import each other, and shared/ imports neither. The
// patterns match relative imports that climb out of a folder into another top-level one
// (`../server/…`, `../../../client/…`); nothing here uses path aliases.
const leaving = (folder) => `^(\\./)?(\\.\\./)+${folder}(/|$)`;
const layer = {
  nodeApis: {
    group: ['node:*', 'fs', 'path', 'ws', 'socket.io', 'better-sqlite3', 'redis', 'fastify'],
    message: 'shared/ is the pure domain: no I/O and no Node APIs.',
  },
  server: { regex: leaving('server'), message: 'Layers: only server/ (and tests) may import server/.' },
  client: { regex: leaving('client'), message: 'Layers: only client/ (and tests) may import client/.' },
  tests: { regex: leaving('tests'), message: 'Layers: shared/ tests stand alone; keep their fixtures beside them in shared/.' },
};
// A later config object replaces a rule's options, so each folder lists all of its patterns.
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  { files: ['shared/**/*.ts'], rules: restrict(layer.nodeApis, layer.server, layer.client) },
  { files: ['shared/**/*.test.ts'], rules: restrict(layer.nodeApis, layer.server, layer.client, layer.tests) },
  { files: ['server/**/*.ts', 'server/**/*.mjs'], rules: restrict(layer.client) },
  { files: ['client/**/*.ts', 'client/**/*.tsx'], rules: restrict(layer.server) },
);
