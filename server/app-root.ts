/**
 * Where the app's own files are (the built client in dist/client): the folder holding
 * package.json. Found from this file's location by walking up rather than by a fixed `..`,
 * because this module runs as server/app-root.ts under tsx (tests, `npm run dev`) and as
 * dist/node/server/app-root.js once compiled (`npm start`, the Docker image).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findAppRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The folder holding package.json and dist/ (the repository, or /app in the image). */
export const appRoot = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
