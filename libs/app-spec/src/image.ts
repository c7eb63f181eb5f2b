/** A container image reference split into the parts Docker resolves it by. */
export interface ImageRef {
  /** Registry host (with port), or null for Docker Hub. */
  registry: string | null;
  /** Repository path, e.g. `library/nginx` or `eclipse-mosquitto`. */
  repository: string;
  /** Tag, or null when only a digest pins the image (or neither is given). */
  tag: string | null;
  /** Content digest `sha256:<64 hex>`, or null when the image is not pinned. */
  digest: string | null;
}

/** The outcome of parsing an image reference. */
export type ImageRefResult = { ok: true; value: ImageRef } | { ok: false; message: string };

// The grammar of github.com/distribution/reference, which is what dockerd accepts.
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = new RegExp(
  `^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`,
);
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

// Docker treats the first path component as a registry only if it looks like a host;
// otherwise `myorg/app` is a Docker Hub repository.
function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component);
}

/** Parses `[registry/]repo[:tag][@sha256:...]`, saying exactly which part is malformed. */
export function parseImageRef(input: string): ImageRefResult {
  if (input.trim() !== input || input === '') {
    return { ok: false, message: 'an image reference must be non-empty and have no surrounding spaces' };
  }
  if (input.length > 255 + 1 + 128 + 1 + 135) {
    return { ok: false, message: 'is too long to be an image reference' };
  }
  let rest = input;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) {
      return {
        ok: false,
        message: `digest ${JSON.stringify(digest)} is not valid (use sha256: followed by 64 lowercase hex digits)`,
      };
    }
  }
  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) {
      return {
        ok: false,
        message: `tag ${JSON.stringify(tag)} is not valid (letters, digits, _ . -; at most 128 characters)`,
      };
    }
  }
  const components = rest.split('/');
  let registry: string | null = null;
  const first = components[0] ?? '';
  if (components.length > 1 && looksLikeRegistry(first)) {
    if (!domain.test(first)) {
      return { ok: false, message: `registry ${JSON.stringify(first)} is not a valid host[:port]` };
    }
    registry = first;
    components.shift();
  }
  const repository = components.join('/');
  if (repository.length === 0) {
    return { ok: false, message: 'names no repository' };
  }
  if (repository.length > 255) {
    return { ok: false, message: 'repository name is longer than 255 characters' };
  }
  for (const component of components) {
    if (!pathComponent.test(component)) {
      return {
        ok: false,
        message: `repository ${JSON.stringify(repository)} is not valid (lowercase letters, digits and . _ - separators between them)`,
      };
    }
  }
  return { ok: true, value: { registry, repository, tag, digest } };
}

/** Writes an image reference back as text, in the form Docker prints it. */
export function formatImageRef(ref: ImageRef): string {
  const name = ref.registry === null ? ref.repository : `${ref.registry}/${ref.repository}`;
  return `${name}${ref.tag === null ? '' : `:${ref.tag}`}${ref.digest === null ? '' : `@${ref.digest}`}`;
}

/** Canonical spelling of an image reference: an untagged, undigested image means `:latest`. */
export function canonicalImage(input: string): string {
  const parsed = parseImageRef(input);
  if (!parsed.ok) return input;
  const ref = parsed.value;
  return formatImageRef(ref.tag === null && ref.digest === null ? { ...ref, tag: 'latest' } : ref);
}
