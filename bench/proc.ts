/** Readers of /proc: a process's CPU time and memory, and how busy each core was. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const ticksToMicros = (ticks: number) => (ticks * 1e6) / clockTicksPerSecond;

/** utime + stime of a whole process (all its threads), in µs. */
export function processCpuMicros(pid: number): number {
  return statCpuMicros(`/proc/${pid}/stat`);
}

/** utime + stime of a process's main thread (its event loop, for Node), in µs. */
export function mainThreadCpuMicros(pid: number): number {
  return statCpuMicros(`/proc/${pid}/task/${pid}/stat`);
}

/** utime and stime of a whole process apart: its own code, and the kernel's work on its behalf (system calls, loopback TCP). */
export function processCpuSplitMicros(pid: number): { user: number; system: number } {
  const [user, system] = statTicks(`/proc/${pid}/stat`);
  return { user: ticksToMicros(user), system: ticksToMicros(system) };
}

function statCpuMicros(file: string): number {
  const [user, system] = statTicks(file);
  return ticksToMicros(user + system);
}

function statTicks(file: string): [number, number] {
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return [Number(fields[11]), Number(fields[12])];
}

/** Resident set size of a process, in KB. */
export function processRssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

export interface CoreTimes {
  /** Non-idle time per core (user, nice, system, irq, softirq, steal), in µs. */
  busy: number[];
  /** Time the hypervisor ran something else while a core wanted to run, per core, in µs. */
  steal: number[];
}

/** Cumulative per-core times since boot. */
export function coreTimes(): CoreTimes {
  const busy: number[] = [];
  const steal: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, st = 0] = m[2]!.trim().split(/\s+/).map(Number);
    busy[Number(m[1])] = ticksToMicros(user + nice + system + irq + softirq + st);
    steal[Number(m[1])] = ticksToMicros(st);
  }
  return { busy, steal };
}

/** The difference of two samples. */
export function coreTimesSince(before: CoreTimes): CoreTimes {
  const now = coreTimes();
  return { busy: now.busy.map((v, i) => v - (before.busy[i] ?? 0)), steal: now.steal.map((v, i) => v - (before.steal[i] ?? 0)) };
}
