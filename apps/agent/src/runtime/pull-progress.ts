// Turns the Engine API's pull stream (one JSON line per layer update) into one running
// total. Layer sizes arrive only once a layer starts downloading, so the total grows.
import type { PullProgress } from '@gantry/agent-core';
import * as z from 'zod/mini';

/** One line of Docker's JSON progress stream (pull, push). */
export const ProgressLineSchema = z.looseObject({
  status: z.optional(z.string()),
  id: z.optional(z.string()),
  progressDetail: z.optional(z.looseObject({ current: z.optional(z.number()), total: z.optional(z.number()) })),
  error: z.optional(z.string()),
  errorDetail: z.optional(z.looseObject({ message: z.optional(z.string()) })),
});

/** One line of Docker's JSON progress stream. */
export type ProgressLine = z.infer<typeof ProgressLineSchema>;

interface LayerProgress {
  currentBytes: number;
  totalBytes: number;
  isDone: boolean;
}

/** Sums a pull's per-layer progress lines into {@link PullProgress} values. */
export class PullProgressTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private status = '';

  constructor(private readonly image: string) {}

  /** Takes one progress line and returns the progress of the whole pull after it. */
  update(line: ProgressLine): PullProgress {
    const status = line.status ?? '';
    if (status !== '') this.status = status;
    // The first line's id is the tag or reference being pulled, not a layer.
    if (line.id !== undefined && !status.startsWith('Pulling from')) this.updateLayer(line.id, status, line.progressDetail);
    return this.progress();
  }

  /** The progress so far. */
  progress(): PullProgress {
    let currentBytes = 0;
    let totalBytes = 0;
    let layersDone = 0;
    for (const layer of this.layers.values()) {
      if (layer.totalBytes > 0) {
        currentBytes += Math.min(layer.currentBytes, layer.totalBytes);
        totalBytes += layer.totalBytes;
      }
      if (layer.isDone) layersDone += 1;
    }
    return { image: this.image, currentBytes, totalBytes, layersDone, layersTotal: this.layers.size, status: this.status };
  }

  private updateLayer(id: string, status: string, detail: ProgressLine['progressDetail']): void {
    let layer = this.layers.get(id);
    if (!layer) {
      layer = { currentBytes: 0, totalBytes: 0, isDone: false };
      this.layers.set(id, layer);
    }
    switch (status) {
      case 'Downloading':
        if (detail?.total !== undefined && detail.total > 0) layer.totalBytes = detail.total;
        if (detail?.current !== undefined) layer.currentBytes = detail.current;
        break;
      // Extracting's counters are about unpacking, not downloading: the download is complete.
      case 'Download complete':
      case 'Verifying Checksum':
      case 'Extracting':
        layer.currentBytes = layer.totalBytes;
        break;
      case 'Pull complete':
      case 'Already exists':
        layer.currentBytes = layer.totalBytes;
        layer.isDone = true;
        break;
      default:
        // 'Pulling fs layer', 'Waiting', 'Retrying in …': the layer is known, nothing moved.
        break;
    }
  }
}
