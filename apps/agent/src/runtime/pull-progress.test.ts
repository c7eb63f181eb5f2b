import { describe, expect, it } from 'vitest';
import { PullProgressTracker, type ProgressLine } from './pull-progress.js';

describe('PullProgressTracker', () => {
  it('sums a two-layer pull as the stream goes', () => {
    const sut = new PullProgressTracker('reg:5000/app:1');
    const lines: ProgressLine[] = [
      { status: 'Pulling from app', id: '1' },
      { status: 'Pulling fs layer', id: 'aaa', progressDetail: {} },
      { status: 'Already exists', id: 'bbb', progressDetail: {} },
      { status: 'Downloading', id: 'aaa', progressDetail: { current: 100, total: 1000 } },
    ];
    const seen = lines.map((line) => sut.update(line));
    expect(seen[0]).toEqual({ image: 'reg:5000/app:1', currentBytes: 0, totalBytes: 0, layersDone: 0, layersTotal: 0, status: 'Pulling from app' });
    expect(seen[3]).toEqual({ image: 'reg:5000/app:1', currentBytes: 100, totalBytes: 1000, layersDone: 1, layersTotal: 2, status: 'Downloading' });

    expect(sut.update({ status: 'Download complete', id: 'aaa', progressDetail: {} })).toMatchObject({ currentBytes: 1000, totalBytes: 1000 });
    // Extraction counters are not download bytes.
    expect(sut.update({ status: 'Extracting', id: 'aaa', progressDetail: { current: 10, total: 4000 } })).toMatchObject({
      currentBytes: 1000,
      totalBytes: 1000,
      layersDone: 1,
    });
    expect(sut.update({ status: 'Pull complete', id: 'aaa', progressDetail: {} })).toMatchObject({ layersDone: 2, layersTotal: 2 });
    expect(sut.update({ status: 'Digest: sha256:abc' })).toMatchObject({ status: 'Digest: sha256:abc', layersDone: 2 });
  });

  it('counts bytes only of layers whose size is known', () => {
    const sut = new PullProgressTracker('app:1');
    sut.update({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } });
    sut.update({ status: 'Waiting', id: 'b', progressDetail: {} });
    expect(sut.progress()).toMatchObject({ currentBytes: 50, totalBytes: 100, layersTotal: 2, layersDone: 0 });
  });
});
