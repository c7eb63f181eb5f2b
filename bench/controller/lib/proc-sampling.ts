// What the kernel says a process uses: resident memory (/proc/<pid>/status) and CPU time
// (/proc/<pid>/stat), read by pid so the figures are the process's own.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { processMemory, type ProcessMemory } from '../../agent/lib/proc-memory.js';

export { processMemory, type ProcessMemory };

/** Clock ticks per second of utime/stime (`getconf CLK_TCK`, 100 on Linux almost always). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time the process has used so far, user + system, in seconds (its threads included). */
export async function cpuSeconds(pid: number): Promise<number> {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU time the process's main thread has used so far, in seconds: for node, the event loop,
 * without V8's compiler and GC helpers or libuv's pool, which run on threads of their own.
 */
export async function mainThreadCpuSeconds(pid: number): Promise<number> {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

async function statCpuSeconds(path: string): Promise<number> {
  const stat = await readFile(path, 'utf8');
  // "pid (comm) state ppid …": fields after comm are space separated; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot read utime/stime from ${path}`);
  return (utime + stime) / CLOCK_TICKS;
}

/** CPU time the processes have used so far, added up, in seconds. */
export async function cpuSecondsOf(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) total += await cpuSeconds(pid);
  return total;
}

/** CPU time the whole machine has been busy (all cores, everything but idle and iowait), in seconds. */
export async function machineBusySeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  // "cpu  user nice system idle iowait irq softirq steal …" in clock ticks.
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return (total - idle) / CLOCK_TICKS;
}

/** One process's use over a window: RSS samples and CPU time. */
export interface UsageWindow {
  /** VmRSS samples taken through the window, in bytes. */
  rssSamples: number[];
  /** CPU seconds used in the window ÷ its length: 1.0 is one core busy all the time. */
  cpuCores: number;
  /** Memory at the end of the window. */
  end: ProcessMemory;
  windowS: number;
  /** The whole machine's busy CPU over the window ÷ its length (2.0 = both cores of this machine busy). */
  machineCores: number;
}

/**
 * Samples every pid in `pids` every `intervalS` seconds for `windowS` seconds (CPU: the
 * difference of utime+stime between the window's ends).
 */
export async function sampleWindow(pids: Record<string, number>, windowS: number, intervalS: number, onSample?: (atS: number, rss: Record<string, number>) => void): Promise<Record<string, UsageWindow>> {
  const names = Object.keys(pids);
  const pidOf = (name: string) => pids[name] ?? -1;
  const cpuStart = new Map<string, number>();
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (const name of names) cpuStart.set(name, await cpuSeconds(pidOf(name)));
  const machineStart = await machineBusySeconds();
  const startedAt = performance.now();
  for (let atS = intervalS; atS <= windowS; atS += intervalS) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + atS * 1000 - performance.now())));
    const rss: Record<string, number> = {};
    for (const name of names) {
      const value = (await processMemory(pidOf(name))).rssBytes;
      samples.get(name)?.push(value);
      rss[name] = value;
    }
    onSample?.(atS, rss);
  }
  const elapsedS = (performance.now() - startedAt) / 1000;
  const machineCores = ((await machineBusySeconds()) - machineStart) / elapsedS;
  const result: Record<string, UsageWindow> = {};
  for (const name of names) {
    const cpu = (await cpuSeconds(pidOf(name))) - (cpuStart.get(name) ?? 0);
    result[name] = { rssSamples: samples.get(name) ?? [], cpuCores: cpu / elapsedS, end: await processMemory(pidOf(name)), windowS: elapsedS, machineCores };
  }
  return result;
}
