import * as z from 'zod/mini';

/*
 * Identifiers that end up in MQTT topics, container names, file names and URLs. Each
 * charset is an allow-list: it cannot contain the MQTT level separator `/`, the
 * wildcards `+` and `#`, the `$` that starts broker-internal topics, whitespace, control
 * characters or non-ASCII lookalikes, so an id can never widen a subscription, escape a
 * device's topic prefix or a directory, or impersonate another id that renders alike.
 */

/**
 * Gateway id: lower-case letters, digits, `.`, `_`, `-`; starts with a letter or digit;
 * 1–63 characters (a DNS label's length, so it also fits hostnames and container names).
 * Lower case only because MQTT topics and ACLs compare bytes: allowing `GW-1` next to
 * `gw-1` would give one gateway two topic trees. Enrollment lower-cases serial numbers.
 */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * Request and message id: ASCII letters, digits, `_`, `-`; 1–64 characters. Fits UUIDs,
 * ULIDs and nanoids. Case-sensitive because these are opaque tokens nobody types.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** App id: lower-case letters, digits, `_`, `-`; 1–63 characters: the charset of a compose project name, so the agent can use it as one. */
export const APP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Service name within an app: the compose service charset, starting with a letter or digit. */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Release id: an opaque token from the controller, 1–128 characters. */
export const RELEASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** Shared-subscription group name (`$share/<group>/...`). */
export const SHARE_GROUP_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Whether `value` is a valid gateway id. */
export function isValidDeviceId(value: string): boolean {
  return DEVICE_ID_PATTERN.test(value);
}

/** Whether `value` is a valid request or message id. */
export function isValidRequestId(value: string): boolean {
  return REQUEST_ID_PATTERN.test(value);
}

/** Gateway id, see {@link DEVICE_ID_PATTERN}. */
export const DeviceIdSchema = z.string().check(
  z.regex(DEVICE_ID_PATTERN, 'must be 1-63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit'),
);

/** Message id; also the request id of a command (`cmd/<requestId>`), see {@link REQUEST_ID_PATTERN}. */
export const MessageIdSchema = z.string().check(
  z.regex(REQUEST_ID_PATTERN, 'must be 1-64 ASCII letters, digits, "_" or "-", starting with a letter or digit'),
);

/** App id, see {@link APP_ID_PATTERN}. */
export const AppIdSchema = z.string().check(
  z.regex(APP_ID_PATTERN, 'must be 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit'),
);

/** Service name, see {@link SERVICE_NAME_PATTERN}. */
export const ServiceNameSchema = z.string().check(
  z.regex(SERVICE_NAME_PATTERN, 'must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit'),
);

/** Release id, see {@link RELEASE_ID_PATTERN}. */
export const ReleaseIdSchema = z.string().check(
  z.regex(RELEASE_ID_PATTERN, 'must be 1-128 letters, digits, ".", "_", ":", "@" or "-", starting with a letter or digit'),
);
