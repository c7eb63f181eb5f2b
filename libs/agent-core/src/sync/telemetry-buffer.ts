import type { TelemetryBatch, TelemetrySample } from '@gantry/protocol';

/** Samples one telemetry batch may carry (the protocol's limit). */
const MAX_SAMPLES_PER_BATCH = 1_000;

interface Entry {
  intervalMs: number;
  sample: TelemetrySample;
}

/**
 * Telemetry waiting for the cloud, bounded. When full, the oldest half is thinned (every
 * other sample goes), so a long outage keeps its whole span at a coarser resolution, and
 * recent samples stay exact. Block I/O counters are cumulative, so totals stay right.
 * Telemetry never competes with events for room: events live in the durable outbox.
 */
export class TelemetryBuffer {
  private entries: Entry[] = [];
  private thinnedCount = 0;

  constructor(private readonly capacity = 2_000) {
    if (capacity < 2) throw new RangeError('a telemetry buffer needs room for at least 2 samples');
  }

  /** Samples waiting. */
  get size(): number {
    return this.entries.length;
  }

  /** Samples dropped by thinning so far. */
  get thinned(): number {
    return this.thinnedCount;
  }

  add(batch: TelemetryBatch): void {
    for (const sample of batch.samples) this.entries.push({ intervalMs: batch.intervalMs, sample });
    while (this.entries.length > this.capacity) this.thinOldestHalf();
  }

  /**
   * Takes everything waiting as protocol batches, oldest first: one batch per run of
   * samples with the same interval, at most the protocol's limit each.
   */
  takeBatches(): TelemetryBatch[] {
    const batches: TelemetryBatch[] = [];
    for (const { intervalMs, sample } of this.entries.splice(0)) {
      const last = batches.at(-1);
      if (last && last.intervalMs === intervalMs && last.samples.length < MAX_SAMPLES_PER_BATCH) last.samples.push(sample);
      else batches.push({ intervalMs, samples: [sample] });
    }
    return batches;
  }

  /** Puts batches that could not be sent back in front, without going over capacity. */
  putBack(batches: readonly TelemetryBatch[]): void {
    const returned = batches.flatMap((batch) => batch.samples.map((sample) => ({ intervalMs: batch.intervalMs, sample })));
    this.entries = [...returned, ...this.entries];
    while (this.entries.length > this.capacity) this.thinOldestHalf();
  }

  private thinOldestHalf(): void {
    const half = Math.max(2, Math.floor(this.entries.length / 2));
    const oldest = this.entries.slice(0, half);
    const kept = oldest.filter((_, index) => index % 2 === 0);
    this.thinnedCount += oldest.length - kept.length;
    this.entries = [...kept, ...this.entries.slice(half)];
  }
}
