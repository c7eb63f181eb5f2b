// What `apply` shows while the agent works: a bar per image pull on a terminal, and plain
// lines otherwise (logs and CI keep one line per change of a pull's status, not per byte).
import { humanBytes } from '@gantry/app-spec';
import cliProgress from 'cli-progress';
import type { ApplyLine } from '../control/contract.js';
import type { CliIo } from './io.js';

/** A `pull` line of the apply answer. */
export type PullLine = Extract<ApplyLine, { type: 'pull' }>;

/** Where apply's progress goes. */
export interface ApplyProgressView {
  /** Shows a pull's progress. */
  pull(line: PullLine): void;
  /** Prints one line of text (a step, a notice) above any bars. */
  message(text: string): void;
  /** Ends the bars; later messages print as plain lines. Safe to call twice. */
  stop(): void;
}

/** Bars on a terminal, plain lines otherwise. */
export function createProgressView(io: CliIo): ApplyProgressView {
  return io.isTTY ? new BarsView(io.stdout) : new LinesView(io.stdout);
}

/** `Downloading (3.1 MiB of 12 MiB, 2/5 layers)`. */
export function describePull(line: PullLine): string {
  const parts: string[] = [];
  if (line.totalBytes > 0) parts.push(`${humanBytes(line.currentBytes)} of ${humanBytes(line.totalBytes)}`);
  if (line.layersTotal > 0) parts.push(`${line.layersDone}/${line.layersTotal} layers`);
  const status = line.status === '' ? 'pulling' : line.status;
  return parts.length === 0 ? status : `${status} (${parts.join(', ')})`;
}

class LinesView implements ApplyProgressView {
  private readonly lastStatus = new Map<string, string>();

  constructor(private readonly out: NodeJS.WritableStream) {}

  pull(line: PullLine): void {
    if (this.lastStatus.get(line.image) === line.status) return;
    this.lastStatus.set(line.image, line.status);
    this.out.write(`pull ${line.image}: ${describePull(line)}\n`);
  }

  message(text: string): void {
    this.out.write(`${text}\n`);
  }

  stop(): void {
    // Plain lines leave nothing on screen to end.
  }
}

class BarsView implements ApplyProgressView {
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private multibar: cliProgress.MultiBar | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {}

  pull(line: PullLine): void {
    this.multibar ??= new cliProgress.MultiBar(
      {
        stream: this.out,
        format: '{image} [{bar}] {done} / {size}  {layers}  {status}',
        barsize: 24,
        hideCursor: true,
        // The total grows as layer sizes arrive; a bar must not stop itself at an early total.
        stopOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const payload = {
      image: line.image,
      done: humanBytes(line.currentBytes),
      size: line.totalBytes > 0 ? humanBytes(line.totalBytes) : '?',
      layers: line.layersTotal > 0 ? `${line.layersDone}/${line.layersTotal} layers` : '',
      status: line.status,
    };
    const total = Math.max(line.totalBytes, 1);
    const bar = this.bars.get(line.image);
    if (bar === undefined) {
      this.bars.set(line.image, this.multibar.create(total, line.currentBytes, payload));
      return;
    }
    bar.setTotal(total);
    bar.update(line.currentBytes, payload);
  }

  message(text: string): void {
    // Before the first bar (or after the last) nothing redraws, so MultiBar.log would hold the text back.
    if (this.multibar === undefined) this.out.write(`${text}\n`);
    else this.multibar.log(`${text}\n`);
  }

  stop(): void {
    this.multibar?.stop();
    this.multibar = undefined;
    this.bars.clear();
  }
}
