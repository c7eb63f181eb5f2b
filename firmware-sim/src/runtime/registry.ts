import { canonicalImage, formatImageRef, parseImageRef, type ImageRef } from '@gantry/app-spec';
import { sample, type Distribution } from '../random/distribution.js';
import { randomHex, seededRandom } from '../random/prng.js';
import { globMatches } from './profile.js';

/** What the simulated registry holds for one image. */
export interface ImageManifest {
  /** The canonical reference (`registry/repo:tag`). */
  reference: string;
  registry: string;
  digest: string;
  layerBytes: readonly number[];
  totalBytes: number;
  /** Every spelling Docker lists the image under once pulled (tags, digests, Hub aliases). */
  spellings: readonly string[];
}

/** How the simulated registry sizes the images it serves. */
export interface SimRegistryOptions {
  /** Seeds the sizes and digests, so every gateway (and every run) sees the same image the same. */
  seed?: string;
  /** Size of an image not listed in `images`. */
  imageBytes?: Distribution;
  /** Layer count of an image not listed in `images`. */
  layers?: Distribution;
  /** Sizes of particular images, by canonical reference. */
  images?: Readonly<Record<string, { bytes: number; layers?: number }>>;
  /** Images the registry does not have (exact references or `*` patterns): pulling them fails for every gateway. */
  missing?: readonly string[];
}

/** Docker Hub, where an image without a registry part comes from. */
export const DOCKER_HUB = 'docker.io';

/**
 * The registry shared by a simulated fleet: one manifest per image, made up once from the
 * image's name and kept, so thousands of gateways share the same few objects.
 */
export class SimRegistry {
  private readonly manifests = new Map<string, ImageManifest>();

  constructor(private readonly options: SimRegistryOptions = {}) {}

  /** Whether the registry has `image` (canonical reference) at all. */
  has(image: string): boolean {
    return !(this.options.missing ?? []).some((pattern) => globMatches(pattern, image));
  }

  /** The manifest of a parsed image reference. */
  manifest(ref: ImageRef): ImageManifest {
    const reference = canonicalImage(formatImageRef(ref));
    const known = this.manifests.get(reference);
    if (known) return known;
    const random = seededRandom(`${this.options.seed ?? 'gantry'}:${reference}`);
    const listed = this.options.images?.[reference];
    const totalBytes = Math.max(1, Math.round(listed?.bytes ?? sample(this.options.imageBytes ?? { kind: 'lognormal', median: 40_000_000, sigma: 0.8, min: 1_000_000 }, random)));
    const layerCount = Math.max(1, Math.round(listed?.layers ?? sample(this.options.layers ?? { kind: 'uniform', min: 1, max: 8 }, random)));
    const digest = ref.digest ?? `sha256:${randomHex(random, 64)}`;
    const manifest: ImageManifest = {
      reference,
      registry: ref.registry ?? DOCKER_HUB,
      digest,
      layerBytes: splitBytes(totalBytes, layerCount, random),
      totalBytes,
      spellings: spellingsOf(ref, digest),
    };
    this.manifests.set(reference, manifest);
    return manifest;
  }
}

/** Splits a total into layers of random sizes that add up to it exactly. */
function splitBytes(total: number, count: number, random: () => number): number[] {
  const weights = Array.from({ length: count }, () => 0.2 + random());
  const sum = weights.reduce((a, b) => a + b, 0);
  const layers = weights.map((w) => Math.floor((total * w) / sum));
  layers[0] = (layers[0] ?? 0) + total - layers.reduce((a, b) => a + b, 0);
  return layers;
}

/**
 * The references Docker's image list yields for a pulled image, spelled the way the
 * agent's Docker runtime reports them: tag, `repo@digest`, `repo:tag@digest`, and for Hub
 * images the short, `library/` and `docker.io/` forms.
 */
function spellingsOf(ref: ImageRef, digest: string): string[] {
  const tag = ref.tag ?? (ref.digest === null ? 'latest' : null);
  const forms: ImageRef[] = [{ ...ref, digest: null, tag }, { ...ref, tag: null, digest }];
  if (tag !== null) forms.push({ ...ref, tag, digest });
  const out = new Set<string>();
  for (const form of forms) {
    if (form.tag === null && form.digest === null) continue;
    for (const spelling of hubSpellings(form)) out.add(canonicalImage(formatImageRef(spelling)));
  }
  return [...out];
}

function hubSpellings(ref: ImageRef): ImageRef[] {
  if (ref.registry !== null) return [ref];
  const official = ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : null;
  const full = official === null && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  const names = new Set([ref.repository, official ?? ref.repository, full]);
  return [...names].flatMap((repository) => [
    { ...ref, repository },
    { ...ref, registry: DOCKER_HUB, repository },
  ]);
}

/** Parses an image reference or says why Docker would not take it. */
export function parseImage(image: string): { ok: true; ref: ImageRef } | { ok: false; message: string } {
  const parsed = parseImageRef(image);
  return parsed.ok ? { ok: true, ref: parsed.value } : { ok: false, message: parsed.message };
}
