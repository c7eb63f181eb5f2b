import { describe, expect, it } from 'vitest';
import { LogParser, parseLine } from './log-parser.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('LogParser', () => {
  it('demultiplexes stdout and stderr frames into lines with timestamps', () => {
    const sut = new LogParser(false);
    const bytes = Buffer.concat([
      frame(1, '2025-03-01T12:00:00.123456789Z hello\n'),
      frame(2, '2025-03-01T12:00:01.5Z oops\n'),
      frame(1, '2025-03-01T12:00:02Z a\n2025-03-01T12:00:03Z b\n'),
    ]);
    expect(sut.push(bytes)).toEqual([
      { stream: 'stdout', at: new Date('2025-03-01T12:00:00.123Z'), text: 'hello' },
      { stream: 'stderr', at: new Date('2025-03-01T12:00:01.500Z'), text: 'oops' },
      { stream: 'stdout', at: new Date('2025-03-01T12:00:02Z'), text: 'a' },
      { stream: 'stdout', at: new Date('2025-03-01T12:00:03Z'), text: 'b' },
    ]);
    expect(sut.end()).toEqual([]);
  });

  it('handles headers, frames and UTF-8 characters split across chunks', () => {
    const bytes = Buffer.concat([frame(1, 'grüße\n'), frame(2, 'two\n')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const sut = new LogParser(false);
      const lines = [...sut.push(bytes.subarray(0, cut)), ...sut.push(bytes.subarray(cut)), ...sut.end()];
      expect(lines, `cut at ${cut}`).toEqual([
        { stream: 'stdout', at: null, text: 'grüße' },
        { stream: 'stderr', at: null, text: 'two' },
      ]);
    }
  });

  it('joins a line split over frames and flushes a last line without newline', () => {
    const sut = new LogParser(false);
    expect(sut.push(Buffer.concat([frame(1, 'par'), frame(1, 'tial\nrest')]))).toEqual([{ stream: 'stdout', at: null, text: 'partial' }]);
    expect(sut.end()).toEqual([{ stream: 'stdout', at: null, text: 'rest' }]);
  });

  it('reads a TTY stream as raw stdout with \\r\\n line ends', () => {
    const sut = new LogParser(true);
    expect(sut.push(Buffer.from('2025-03-01T12:00:00Z one\r\ntwo\r\n'))).toEqual([
      { stream: 'stdout', at: new Date('2025-03-01T12:00:00Z'), text: 'one' },
      { stream: 'stdout', at: null, text: 'two' },
    ]);
  });
});

describe('parseLine', () => {
  it.each([
    ['2025-03-01T12:00:00.000000001+02:00 x', new Date('2025-03-01T10:00:00Z'), 'x'],
    ['no timestamp here', null, 'no timestamp here'],
    ['2025-03-01T12:00:00Z', null, '2025-03-01T12:00:00Z'],
  ])('%s', (raw, at, text) => {
    expect(parseLine(raw, 'stdout')).toEqual({ stream: 'stdout', at, text });
  });
});
