import type { LogLine } from '@gantry/agent-core';
import type { SimContainer } from './container.js';

/** How often a simulated process writes a line, unless its behaviour says otherwise. */
export const DEFAULT_LOG_EVERY_MS = 10_000;

const MiB = 1024 * 1024;

/**
 * A container's output is not stored: it is a pure function of the last run (a start
 * line, a heartbeat every `everyMs`, an exit line), so logs cost no memory per container.
 */
export function logLineCount(c: SimContainer, nowMs: number, everyMs: number): number {
  if (c.runs === 0) return 0;
  const endMs = c.state === 'running' ? nowMs : c.finishedAtMs;
  const heartbeats = Math.max(0, Math.floor((endMs - c.startedAtMs) / everyMs));
  return 1 + heartbeats + (c.state === 'running' ? 0 : 1);
}

/** Line `index` (0-based) of the last run's output. */
export function logLine(c: SimContainer, index: number, everyMs: number, usageAt: (sinceStartMs: number) => number): LogLine {
  if (index === 0) {
    return { stream: 'stdout', at: new Date(c.startedAtMs), text: `${c.service}: starting from ${c.image} (run ${c.runs})` };
  }
  const atMs = c.startedAtMs + index * everyMs;
  const isLast = c.state !== 'running' && atMs > c.finishedAtMs;
  if (isLast) {
    const text = c.isOomKilled ? `${c.service}: Killed (out of memory)` : `${c.service}: exiting with code ${c.exitCode ?? 0}`;
    return { stream: c.exitCode === 0 ? 'stdout' : 'stderr', at: new Date(c.finishedAtMs), text };
  }
  const since = atMs - c.startedAtMs;
  return {
    stream: 'stdout',
    at: new Date(atMs),
    text: `${c.service}: up ${Math.round(since / 1000)} s, rss ${Math.round(usageAt(since) / MiB)} MiB`,
  };
}
