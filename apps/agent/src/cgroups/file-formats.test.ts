import { describe, expect, it } from 'vitest';
import {
  parseCpuList,
  parseCpuMax,
  parseDeviceValues,
  parseFlatKeyed,
  parseInteger,
  parseIoMax,
  parseIoStat,
  parseMaxOrInteger,
  parseServiceBytes,
  parseV1Limit,
  parseWeights,
} from './file-formats.js';

describe('cgroup file formats', () => {
  it.each([
    ['67108864\n', 67108864],
    ['9223372036854771712\n', null], // PAGE_COUNTER_MAX with 4 KiB pages
    ['9223372036854710272\n', null], // the same with 64 KiB pages
  ])('reads the v1 limit %j as %s', (text, value) => {
    expect(parseV1Limit(text, 'memory.limit_in_bytes')).toBe(value);
  });

  it.each([
    ['max\n', null],
    ['50\n', 50],
  ])('reads the v2 value %j as %s', (text, value) => {
    expect(parseMaxOrInteger(text, 'pids.max')).toBe(value);
  });

  it('names the file when a value is not a number', () => {
    expect(() => parseInteger('lots\n', '/sys/fs/cgroup/x/pids.max')).toThrow('/sys/fs/cgroup/x/pids.max: expected a number, found "lots"');
  });

  it.each([
    ['20000 100000\n', { quotaUs: 20000, periodUs: 100000 }],
    ['max 100000\n', { quotaUs: null, periodUs: 100000 }],
  ])('reads cpu.max %j', (text, value) => {
    expect(parseCpuMax(text, 'cpu.max')).toEqual(value);
  });

  it('reads flat keyed files', () => {
    expect(parseFlatKeyed('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n', 'memory.oom_control')).toEqual(
      new Map([
        ['oom_kill_disable', 0],
        ['under_oom', 0],
        ['oom_kill', 3],
      ]),
    );
  });

  it('reads v1 per-device lines and an empty file as no devices', () => {
    expect(parseDeviceValues('8:0 1048576\n254:16 2048\n', 'f')).toEqual([
      { major: 8, minor: 0, value: 1048576 },
      { major: 254, minor: 16, value: 2048 },
    ]);
    expect(parseDeviceValues('', 'f')).toEqual([]);
  });

  it('reads one key of io.max and leaves out devices where it is max', () => {
    const text = '8:0 rbps=1048576 wbps=max riops=max wiops=120\n8:16 rbps=max wbps=max riops=max wiops=max\n';
    expect(parseIoMax(text, 'rbps', 'io.max')).toEqual([{ major: 8, minor: 0, value: 1048576 }]);
    expect(parseIoMax(text, 'wiops', 'io.max')).toEqual([{ major: 8, minor: 0, value: 120 }]);
    expect(parseIoMax(text, 'wbps', 'io.max')).toEqual([]);
  });

  it.each([
    ['100\n', 100, []],
    ['default 100\n', 100, []],
    ['default 4950\n8:0 200\n', 4950, [{ major: 8, minor: 0, value: 200 }]],
  ])('reads the weight file %j', (text, defaultWeight, devices) => {
    expect(parseWeights(text, 'w')).toEqual({ defaultWeight, devices });
  });

  it.each([
    ['0\n', [0]],
    ['0-2,4\n', [0, 1, 2, 4]],
    ['4,0-1,1\n', [0, 1, 4]],
    ['\n', []],
  ])('reads the cpu list %j', (text, cpus) => {
    expect(parseCpuList(text)).toEqual(cpus);
  });

  it('rejects a cpu range that runs backwards', () => {
    expect(() => parseCpuList('3-1')).toThrow(/runs backwards/);
  });

  it('sums Read and Write of v1 io_service_bytes over devices, ignoring the other ops and the Total line', () => {
    const text = '8:0 Read 100\n8:0 Write 20\n8:0 Sync 120\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 120\n8:16 Read 1\n8:16 Write 2\n8:16 Total 3\nTotal 123\n';
    expect(parseServiceBytes(text, 'blkio.throttle.io_service_bytes_recursive')).toEqual({ readBytes: 101, writeBytes: 22 });
  });

  it('reads an empty v1 io_service_bytes (no I/O yet) as zero', () => {
    expect(parseServiceBytes('Total 0\n', 'blkio.throttle.io_service_bytes_recursive')).toEqual({ readBytes: 0, writeBytes: 0 });
  });

  it('sums rbytes and wbytes of v2 io.stat over devices', () => {
    const text = '8:0 rbytes=1000 wbytes=200 rios=3 wios=2 dbytes=0 dios=0\n254:0 rbytes=24 wbytes=6 rios=1 wios=1 dbytes=0 dios=0\n';
    expect(parseIoStat(text, 'io.stat')).toEqual({ readBytes: 1024, writeBytes: 206 });
  });

  it('names the file and device when an io.stat value is not a number', () => {
    expect(() => parseIoStat('8:0 rbytes=lots wbytes=0\n', '/sys/fs/cgroup/x/io.stat')).toThrow('/sys/fs/cgroup/x/io.stat (8:0 rbytes): expected a number, found "lots"');
  });
});
