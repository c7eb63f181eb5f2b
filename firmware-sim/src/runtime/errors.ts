// Errors worded as the agent's Docker runtime words them, so what a simulated gateway
// reports reads like what a real one would.

/** Why a pull failed, with the image and registry it was for. */
export type PullFailure = 'not-found' | 'network' | 'disk-full' | 'invalid';

/** A failed pull; `failure` says which kind, `isTransient` whether trying again can help. */
export class PullError extends Error {
  constructor(
    readonly image: string,
    readonly registry: string,
    readonly failure: PullFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PullError';
  }

  get isTransient(): boolean {
    return this.failure === 'network';
  }
}

/** Docker's answer for an image the registry does not have, wrapped as the Docker runtime wraps it. */
export function notFoundError(image: string, reference: string, registry: string): PullError {
  const reason = `manifest for ${reference} not found: manifest unknown: manifest unknown`;
  return new PullError(
    image,
    registry,
    'not-found',
    `cannot pull ${image} from registry ${registry}: ${reason}. Check that the repository and tag (or digest) are spelled as pushed and exist on ${registry}; ` +
      `if the repository is private, no credentials are configured for ${registry}; add them to the agent's registryAuth if it is private.`,
  );
}

/** A download broken off part-way, as Docker reports it. */
export function networkError(image: string, registry: string): PullError {
  return new PullError(image, registry, 'network', `cannot pull ${image} from registry ${registry}: unexpected EOF.`);
}

/** The disk filled while a layer was written. */
export function diskFullError(image: string, registry: string, layerId: string): PullError {
  return new PullError(
    image,
    registry,
    'disk-full',
    `cannot pull ${image} from registry ${registry}: failed to register layer: write /var/lib/docker/overlay2/${layerId}/diff: no space left on device.`,
  );
}

/** A reference Docker would not parse. */
export function invalidReferenceError(image: string, message: string): PullError {
  return new PullError(image, 'unknown', 'invalid', `cannot pull ${JSON.stringify(image)}: ${message}`);
}
