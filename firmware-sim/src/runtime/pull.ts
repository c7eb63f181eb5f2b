import type { PullProgress } from '@gantry/agent-core';
import type { ImageManifest } from './registry.js';

// Docker downloads three layers at a time; a layer's size is known once it starts.
const CONCURRENT_DOWNLOADS = 3;

/** Progress updates a pull reports between start and end, when someone listens. */
export const PROGRESS_UPDATES = 8;

/** Where a pull stands after `bytes` of the image arrived, summed over layers as the Docker runtime sums them. */
export function progressAt(manifest: ImageManifest, image: string, bytes: number, status: string): PullProgress {
  let layersDone = 0;
  let end = 0;
  for (const size of manifest.layerBytes) {
    end += size;
    if (end <= bytes) layersDone += 1;
  }
  const started = Math.min(manifest.layerBytes.length, layersDone + CONCURRENT_DOWNLOADS);
  let totalBytes = 0;
  for (let i = 0; i < started; i++) totalBytes += manifest.layerBytes[i] ?? 0;
  return {
    image,
    currentBytes: Math.min(Math.floor(bytes), totalBytes),
    totalBytes,
    layersDone,
    layersTotal: manifest.layerBytes.length,
    status,
  };
}

/** The layer being written when `bytes` of the image have arrived (its index), for error messages. */
export function layerAt(manifest: ImageManifest, bytes: number): number {
  let end = 0;
  for (let i = 0; i < manifest.layerBytes.length; i++) {
    end += manifest.layerBytes[i] ?? 0;
    if (bytes < end) return i;
  }
  return manifest.layerBytes.length - 1;
}
