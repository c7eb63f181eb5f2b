import * as z from 'zod/mini';
import { parseImageRef } from '../image.js';

/** Prefix of the labels the agent owns; a manifest may not set them. */
export const RESERVED_LABEL_PREFIX = 'io.gantry.';

/** An app name: what compose calls a project name (lowercase, digits, - and _). */
export const AppNameSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lowercase letters, digits, - or _, starting with a letter or digit'));

/** A service name, also its host name on the app's network. */
export const ServiceNameSchema = z
  .string()
  .check(z.regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'must be 1-63 letters, digits, _ . or -, starting with a letter or digit'));

/** A named volume, as Docker allows it. */
export const VolumeNameSchema = z
  .string()
  .check(z.regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'must be letters, digits, _ . or -, starting with a letter or digit'));

/** An absolute path (in the container or on the gateway). */
export const AbsolutePathSchema = z
  .string()
  .check(z.regex(/^\/[^\0]*$/, 'must be an absolute path starting with /'));

/** A container image reference, optionally pinned by digest. */
export const ImageSchema = z.string().check(
  z.superRefine((value, ctx) => {
    const parsed = parseImageRef(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)}: ${parsed.message}` });
  }),
);

/** An environment variable name (anything without `=`). */
export const EnvNameSchema = z
  .string()
  .check(z.regex(/^[^=\0]+$/, 'an environment variable name must be non-empty and have no ='));

/** A user label key; `io.gantry.*` belongs to the agent. */
export const LabelKeySchema = z.string().check(
  z.minLength(1, 'a label key must not be empty'),
  z.refine((key) => !key.startsWith(RESERVED_LABEL_PREFIX), {
    message: `labels starting with ${RESERVED_LABEL_PREFIX} are reserved for the Gantry agent`,
  }),
);

/** A Linux capability, with or without the CAP_ prefix (canonical: upper case, no prefix). */
export const CapabilitySchema = z
  .string()
  .check(z.regex(/^(CAP_)?[A-Z][A-Z0-9_]*$/i, 'must be a capability name such as NET_ADMIN or SYS_RAWIO'));

/** A TCP/UDP port number. */
export const PortNumberSchema = z.int().check(z.gte(1, 'a port is 1-65535'), z.lte(65535, 'a port is 1-65535'));

/** A cpuset list such as `0-3,5`. */
export const CpusetSchema = z
  .string()
  .check(z.regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'must be a CPU list such as 0-3 or 0,2'));

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const ipv6 = z.ipv6();

/** True for an IPv4 or IPv6 address (without brackets). */
export function isIpAddress(value: string): boolean {
  return ipv4.test(value) || ipv6.safeParse(value).success;
}

/** An IPv4 or IPv6 address to bind a published port to. */
export const IpAddressSchema = z.string().check(z.refine(isIpAddress, { message: 'must be an IPv4 or IPv6 address' }));

/** A non-negative whole number of milliseconds. */
export const MillisecondsSchema = z.int().check(z.gte(0, 'a duration cannot be negative'));
