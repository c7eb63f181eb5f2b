// Docker's log stream, as bytes: for a container without a TTY each frame starts with an
// 8-byte header (stream type, 3 zero bytes, big-endian payload length); with a TTY it is
// raw text on stdout. With `timestamps=1` every line starts with an RFC 3339 time.
import { StringDecoder } from 'node:string_decoder';
import type { LogLine } from '@gantry/agent-core';

const HEADER_BYTES = 8;
const STDERR = 2;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) /;

/** Splits a log byte stream into lines; feed it chunks as they arrive, then call {@link end}. */
export class LogParser {
  private header = Buffer.alloc(0);
  private frameLeft = 0;
  private frameStream: LogLine['stream'] = 'stdout';
  private readonly text = { stdout: new LineSplitter(), stderr: new LineSplitter() };

  /** `isTty`: the container was created with a TTY, so its output is not multiplexed. */
  constructor(private readonly isTty: boolean) {}

  /** The complete lines in `chunk` (together with what earlier chunks left over). */
  push(chunk: Buffer): LogLine[] {
    if (this.isTty) return this.text.stdout.push(chunk, 'stdout');
    const lines: LogLine[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.frameLeft === 0) {
        // A header can straddle two chunks: collect its 8 bytes first.
        const need = HEADER_BYTES - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + need)]);
        offset += Math.min(need, chunk.length - offset);
        if (this.header.length < HEADER_BYTES) break;
        this.frameStream = this.header[0] === STDERR ? 'stderr' : 'stdout';
        this.frameLeft = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const payload = chunk.subarray(offset, offset + this.frameLeft);
      offset += payload.length;
      this.frameLeft -= payload.length;
      lines.push(...this.text[this.frameStream].push(payload, this.frameStream));
    }
    return lines;
  }

  /** What is left after the stream ended: a last line without a newline, on either stream. */
  end(): LogLine[] {
    return [...this.text.stdout.end('stdout'), ...this.text.stderr.end('stderr')];
  }
}

/** Cuts one stream's text into lines, keeping a partial line (and a split UTF-8 character) for later. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  push(bytes: Buffer, stream: LogLine['stream']): LogLine[] {
    this.pending += this.decoder.write(bytes);
    const parts = this.pending.split('\n');
    this.pending = parts.pop() ?? '';
    return parts.map((part) => parseLine(part, stream));
  }

  end(stream: LogLine['stream']): LogLine[] {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest === '' ? [] : [parseLine(rest, stream)];
  }
}

/** One line, its leading timestamp (if any) split off. A TTY ends lines with \r\n: the \r goes too. */
export function parseLine(raw: string, stream: LogLine['stream']): LogLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const match = TIMESTAMP.exec(line);
  if (!match) return { stream, at: null, text: line };
  // Date takes milliseconds at most; Docker gives nanoseconds.
  const fraction = (match[2] ?? '').slice(0, 4);
  const at = new Date(`${match[1]}${fraction}${match[3]}`);
  return { stream, at: Number.isNaN(at.getTime()) ? null : at, text: line.slice(match[0].length) };
}
