import { describe, expect, it } from 'vitest';
import { PROTOCOL_MAJOR, PROTOCOL_MINOR, PROTOCOL_VERSION, ProtocolVersionSchema, parseProtocolVersion, unsupportedVersionReason } from './index.js';

describe('protocol version', () => {
  it('agrees with its own major and minor', () => {
    expect(PROTOCOL_VERSION).toBe(`${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`);
  });

  it.each([['1.0'], ['1.1'], ['1.42']])('accepts %s: same major, any minor', (version) => {
    expect(unsupportedVersionReason(version)).toBeUndefined();
    expect(ProtocolVersionSchema.safeParse(version).success).toBe(true);
  });

  it('rejects a newer major and says to upgrade this side', () => {
    expect(unsupportedVersionReason('2.0')).toBe(
      'protocol 2.0 is not supported by this side (speaks 1.x); upgrade this side to a release that speaks it',
    );
  });

  it('rejects an older major and says to upgrade the sender', () => {
    expect(unsupportedVersionReason('0.9')).toMatch(/upgrade the sender/);
  });

  it.each([['1'], ['1.0.0'], ['01.0'], ['1.00'], ['v1.0'], [' 1.0'], [''], ['1.-1'], ['99999.0']])(
    'rejects the malformed version %j',
    (version) => {
      expect(parseProtocolVersion(version)).toBeUndefined();
      expect(ProtocolVersionSchema.safeParse(version).success).toBe(false);
    },
  );
});
