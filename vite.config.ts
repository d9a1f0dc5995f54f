import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Residents load the board on lent phones over hall Wi-Fi: the entry's initial JS must stay under this. */
const ENTRY_BUDGET_BYTES = 150 * 1024;

const backend = 'http://localhost:3000';

/**
 * Prints the gzip size of each JS entry plus the chunks it imports statically
 * (what a tablet downloads before the first paint) and warns over budget.
 */
function entrySizeReport(): Plugin {
  return {
    name: 'yishi-entry-size',
    apply: 'build',
    writeBundle(_options, bundle) {
      const gz = new Map<string, number>();
      const chunks = new Map<string, { code: string; imports: string[]; isEntry: boolean }>();
      for (const [fileName, out] of Object.entries(bundle)) {
        if (out.type !== 'chunk') continue;
        chunks.set(fileName, out);
        gz.set(fileName, gzipSync(out.code).length);
      }
      for (const [fileName, chunk] of chunks) {
        if (!chunk.isEntry) continue;
        const seen = new Set<string>();
        const visit = (name: string): void => {
          if (seen.has(name)) return;
          seen.add(name);
          for (const dep of chunks.get(name)?.imports ?? []) visit(dep);
        };
        visit(fileName);
        const total = [...seen].reduce((sum, name) => sum + (gz.get(name) ?? 0), 0);
        const kb = (total / 1024).toFixed(1);
        const budget = ENTRY_BUDGET_BYTES / 1024;
        const line = `[yishi] entry ${fileName}: ${kb} KiB gzip (initial JS, ${seen.size} chunk(s); budget ${budget} KiB)`;
        if (total > ENTRY_BUDGET_BYTES) this.warn(`${line} — OVER BUDGET`);
        else console.log(line);
      }
    },
  };
}

export default defineConfig({
  root: `${root}client`,
  plugins: [preact(), entrySizeReport()],
  build: {
    outDir: `${root}dist/client`,
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
      '/yjs': { target: backend, ws: true },
    },
  },
});
