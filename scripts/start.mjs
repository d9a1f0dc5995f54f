// `npm start`: build the client once if it has never been built, compile the server if its
// build is missing or stale, then run the compiled server on plain `node` in a child process
// that receives our signals and whose exit code becomes ours.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildServer, serverBuildIsCurrent, serverEntry } from './build-server.mjs';
import { serverNodeFlags } from './server-node-flags.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(`${root}dist/client/index.html`)) {
  console.log('[start] dist/client is missing; building the client…');
  const { build } = await import('vite');
  try {
    await build({ configFile: `${root}vite.config.ts`, logLevel: 'warn' });
  } catch (err) {
    console.error('[start] the client build failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

if (!serverBuildIsCurrent()) {
  console.log('[start] dist/node is missing or older than the server\'s sources; compiling the server…');
  try {
    buildServer();
  } catch (err) {
    console.error('[start] the server build failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  }
}

let nodeFlags;
try {
  nodeFlags = serverNodeFlags();
} catch (err) {
  console.error('[start]', err instanceof Error ? err.message : err);
  process.exit(1);
}

const child = spawn(process.execPath, [...nodeFlags, serverEntry], {
  cwd: root,
  stdio: 'inherit',
  // Its own process group: Ctrl-C in a terminal reaches only this script, which forwards it
  // once. In our group the server would get SIGINT twice and might take it as "force quit".
  detached: process.platform !== 'win32',
});

const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));

child.on('error', (err) => {
  console.error('[start] could not start the server:', err);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  // A child ended by a signal has no exit code; 128 + n is the shell's convention.
  process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
});
