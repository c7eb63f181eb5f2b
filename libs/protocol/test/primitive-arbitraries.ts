import fc from 'fast-check';
import {
  APP_ID_PATTERN,
  DEVICE_ID_PATTERN,
  HealthSchema,
  RELEASE_ID_PATTERN,
  REQUEST_ID_PATTERN,
  SERVICE_NAME_PATTERN,
  type CapDrift,
} from '../src/index.js';

/*
 * The small values messages are made of, valid by construction: ids come from the very
 * patterns the schemas use, free text from the whole Unicode range (lone surrogates
 * included) within the schema's length limits.
 */

/** A plain-prototype dictionary. */
export const dict = <T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>, maxKeys: number, minKeys = 0) =>
  fc.dictionary(key, value, { minKeys, maxKeys, noNullPrototype: true });

/** Free text of 1..max UTF-16 units; `binary` units are one or two code units each. */
export const text = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: Math.floor(max / 2) });
/** A kebab-case machine code. */
export const code = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
/** Lower-case hex digits. */
export const hex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min, maxLength: max });
/** A count or size: any non-negative safe integer. */
export const count = fc.maxSafeNat();
/** A positive safe integer. */
export const positive = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
/** A finite number; -0 becomes 0, which JSON cannot tell apart anyway. */
export const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value));

/** A valid envelope timestamp: what `Date#toISOString` gives for years 2000-2099. */
export const timestampArb = fc
  .date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2099-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** A valid device id. */
export const deviceIdArb = fc.stringMatching(DEVICE_ID_PATTERN);
/** A valid request or message id. */
export const requestIdArb = fc.stringMatching(REQUEST_ID_PATTERN);
/** A valid app id. */
export const appId = fc.stringMatching(APP_ID_PATTERN);
/** A valid service name. */
export const serviceName = fc.stringMatching(SERVICE_NAME_PATTERN);
/** A valid release id. */
export const releaseId = fc.stringMatching(RELEASE_ID_PATTERN);
/** A Docker container id, short or full. */
export const containerId = hex(12, 64);
/** A desired-state content hash. */
export const contentHash = hex(64, 64).map((digits) => `sha256:${digits}`);
/** A container health. */
export const health = fc.constantFrom(...HealthSchema.options);

/** One cap that drifted; values of any JSON-safe number or string. */
export const drift: fc.Arbitrary<CapDrift> = fc.record(
  {
    cap: fc.string({ minLength: 1, maxLength: 60 }),
    cgroupFile: fc.string({ minLength: 1, maxLength: 100 }),
    expected: fc.oneof(finite, fc.string({ maxLength: 100 }), fc.constant(null)),
    actual: fc.oneof(finite, fc.string({ maxLength: 100 }), fc.constant(null)),
  },
  { requiredKeys: ['cap', 'expected', 'actual'] },
);
