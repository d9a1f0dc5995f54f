/** The node flags `npm start` (and bench:hall) give the server for the cores it may use: scripts/server-node-flags.mjs. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../scripts/server-node-flags.mjs';
import { coreCount } from '../bench/servers.ts';

describe('serverNodeFlags', () => {
  it('keeps the garbage collector on the main thread on one core, by default', () => {
    expect(serverNodeFlags(1, undefined)).toEqual(['--single-threaded-gc', '--heap-growing-percent=50']);
    expect(serverNodeFlags(1, '')).toEqual(['--single-threaded-gc', '--heap-growing-percent=50']);
    expect(serverNodeFlags(1, 'auto')).toEqual(['--single-threaded-gc', '--heap-growing-percent=50']);
  });

  it("leaves V8's helper threads on when there are cores for them", () => {
    expect(serverNodeFlags(2, undefined)).toEqual(['--heap-growing-percent=50']);
    expect(serverNodeFlags(8, 'auto')).toEqual(['--heap-growing-percent=50']);
  });

  it('follows SERVER_GC when it is set, and refuses anything else by name', () => {
    expect(serverNodeFlags(8, 'single')).toEqual(['--single-threaded-gc', '--heap-growing-percent=50']);
    expect(serverNodeFlags(1, 'parallel')).toEqual(['--heap-growing-percent=50']);
    expect(() => serverNodeFlags(1, 'fast')).toThrow('SERVER_GC must be auto, single or parallel, got "fast"');
  });
});

describe('the flags on this node', () => {
  it('are flags this node accepts (an unknown V8 flag would stop the server at start)', () => {
    for (const cores of [1, 2]) {
      const run = spawnSync(process.execPath, [...serverNodeFlags(cores, 'auto'), '-e', 'process.exit(0)'], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
  });
});

describe("bench's coreCount (taskset lists)", () => {
  it.each([['0', 1], ['1', 1], ['0,1', 2], ['0-3', 4], ['0,2-3', 3]] as const)('%s is %i cores', (list, n) => {
    expect(coreCount(list)).toBe(n);
  });
});
