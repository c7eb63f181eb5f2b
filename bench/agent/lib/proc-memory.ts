// A process's memory as the kernel counts it, from /proc/<pid>/status.
import { readdir, readFile } from 'node:fs/promises';

/** Resident memory of one process, in bytes. */
export interface ProcessMemory {
  /** VmRSS: resident now. */
  rssBytes: number;
  /** VmHWM: the highest RSS since the process started. */
  peakBytes: number;
  /** RssAnon: heap, stacks and other private memory. */
  anonBytes: number;
  /** RssFile: mapped files (the node binary, shared libraries). */
  fileBytes: number;
}

/** Reads `/proc/<pid>/status`; the kernel gives these fields in kB (KiB). */
export async function processMemory(pid: number): Promise<ProcessMemory> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakBytes: kib('VmHWM'), anonBytes: kib('RssAnon'), fileBytes: kib('RssFile') };
}

/** The pids of every process below `pid` (children, their children, …). */
export async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(ppid)) parents.set(Number(entry), ppid);
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** RSS of `pid` plus all its descendants (for tsx: its esbuild service process). */
export async function treeRssBytes(pid: number): Promise<number> {
  let total = (await processMemory(pid)).rssBytes;
  for (const child of await descendants(pid)) total += await processMemory(child).then((m) => m.rssBytes, () => 0);
  return total;
}
