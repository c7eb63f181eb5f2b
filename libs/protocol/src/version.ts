import * as z from 'zod/mini';

/**
 * The protocol version this library speaks, `major.minor`.
 *
 * Rules: a minor bump only adds optional fields (older readers strip them) or vocabulary
 * that is sent only to peers that announced the new minor; anything a reader of the
 * same major could not safely ignore needs a new major, and with it new topics
 * (`gantry/v2/...`).
 */
export const PROTOCOL_VERSION = '1.0';

/** Major version of {@link PROTOCOL_VERSION}; readers reject every other major. */
export const PROTOCOL_MAJOR = 1;

/** Minor version of {@link PROTOCOL_VERSION}; readers accept any minor of their major. */
export const PROTOCOL_MINOR = 0;

/** A protocol version split into numbers. */
export interface ProtocolVersion {
  readonly major: number;
  readonly minor: number;
}

// Bounded digit counts keep the numbers exact and the string short; no leading zeros so
// that every version has exactly one spelling.
const VERSION_PATTERN = /^(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})$/;

/** Parses `"1.4"` into numbers; `undefined` for anything that is not `major.minor`. */
export function parseProtocolVersion(text: string): ProtocolVersion | undefined {
  const match = VERSION_PATTERN.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/**
 * Why this side cannot read a message of the given version, or `undefined` if it can.
 * A higher minor of our major is readable: its additions are optional and get stripped.
 */
export function unsupportedVersionReason(text: string): string | undefined {
  const version = parseProtocolVersion(text);
  if (!version) return `protocol version must look like "${PROTOCOL_VERSION}" (major.minor)`;
  if (version.major === PROTOCOL_MAJOR) return undefined;
  const advice =
    version.major > PROTOCOL_MAJOR
      ? 'upgrade this side to a release that speaks it'
      : `upgrade the sender to a release that speaks ${PROTOCOL_MAJOR}.x`;
  return `protocol ${text} is not supported by this side (speaks ${PROTOCOL_MAJOR}.x); ${advice}`;
}

/** The envelope's `protocol` field: any `major.minor` this side can read. */
export const ProtocolVersionSchema = z.string().check(
  z.superRefine((value, ctx) => {
    const reason = unsupportedVersionReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  }),
);
