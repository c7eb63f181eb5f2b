import { describe, expect, it } from 'vitest';
import { parseDiskstats, parseLoadavgTasks, parseMeminfo, parseProcStat } from './proc-files.js';

// Shapes copied from a 6.x kernel.
const STAT = `cpu  10132153 290696 3946388 89884470 164636 0 68734 12 0 0
cpu0 1393052 30269 492555 11262665 20710 0 9519 0 0 0
cpu1 1335566 31037 491016 11234549 20564 0 6706 12 0 0
intr 1462898165 0 9 0 0
ctxt 2604744102
btime 1769000000
processes 1063541
procs_running 2
procs_blocked 0
`;

const MEMINFO = `MemTotal:        4022348 kB
MemFree:          210120 kB
MemAvailable:    2537844 kB
Buffers:          101472 kB
Cached:          2114492 kB
`;

const DISKSTATS = `   7       0 loop0 12 0 24 0 0 0 0 0 0 4 0 0 0 0 0 0 0
 254       0 vda 678149 76960 16052754 451650 8201066 1749825 129014880 2890386 0 987512 4138236 1331088 3620 46214920 356492 2141132 439706
 254       1 vda1 670000 76960 16000000 450000 8200000 1749825 129000000 2890000 0 987000 4138000 0 0 0 0 0 0
 253       0 zram0 5 0 40 0 8 0 64 0 0 0 0 0 0 0 0 0 0
`;

describe('procfs formats', () => {
  it('reads busy and total ticks from the cpu line and counts the CPUs', () => {
    const busy = 10132153 + 290696 + 3946388 + 0 + 68734 + 12;
    expect(parseProcStat(STAT, '/proc/stat')).toEqual({ busyTicks: busy, totalTicks: busy + 89884470 + 164636, cpuCount: 2 });
  });

  it('reads an old kernel’s short cpu line', () => {
    expect(parseProcStat('cpu  10 0 5 85\ncpu0 10 0 5 85\n', '/proc/stat')).toEqual({ busyTicks: 15, totalTicks: 100, cpuCount: 1 });
  });

  it('names the file when the cpu line is missing', () => {
    expect(() => parseProcStat('intr 1\n', '/proc/stat')).toThrow('/proc/stat: no "cpu" line');
  });

  it('reads MemTotal and MemAvailable in bytes', () => {
    expect(parseMeminfo(MEMINFO, '/proc/meminfo')).toEqual({ totalBytes: 4022348 * 1024, availableBytes: 2537844 * 1024 });
  });

  it('says which meminfo line is missing', () => {
    expect(() => parseMeminfo('MemTotal: 1 kB\nMemFree: 1 kB\n', '/proc/meminfo')).toThrow('/proc/meminfo: no MemAvailable line');
  });

  it('reads the task count from loadavg', () => {
    expect(parseLoadavgTasks('0.52 0.61 0.70 3/612 123456\n', '/proc/loadavg')).toBe(612);
    expect(() => parseLoadavgTasks('0.52\n', '/proc/loadavg')).toThrow(/\/proc\/loadavg: expected/);
  });

  it('sums sectors of the named disks only, leaving out partitions and virtual devices', () => {
    expect(parseDiskstats(DISKSTATS, '/proc/diskstats', new Set(['vda']))).toEqual({ readBytes: 16052754 * 512, writeBytes: 129014880 * 512 });
    expect(parseDiskstats(DISKSTATS, '/proc/diskstats', new Set())).toEqual({ readBytes: 0, writeBytes: 0 });
  });
});
