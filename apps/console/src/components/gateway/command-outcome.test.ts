import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { commandFailureText, gatewayErrorText } from './command-outcome';

const now = Date.parse('2026-01-01T12:00:00.000Z');

describe('commandFailureText', () => {
  it('says since when an offline gateway is gone', () => {
    const error = new ApiError(409, 'device-offline', 'gateway gw-1 is offline since 2026-01-01T11:55:00.000Z; …');
    expect(commandFailureText(error, { lastSeenAt: '2026-01-01T11:55:00.000Z', now })).toMatch(/^The gateway is offline since 5 minutes ago \(.+\)\. Commands reach only connected gateways/);
    expect(commandFailureText(error, { lastSeenAt: null, now })).toBe('The gateway has never connected, so it cannot take commands yet.');
  });

  it('explains revoked gateways and timeouts', () => {
    expect(commandFailureText(new ApiError(409, 'device-revoked', 'x'), { lastSeenAt: null, now })).toBe('The gateway was revoked and takes no commands.');
    expect(commandFailureText(new ApiError(504, 'command-timed-out', 'x'), { lastSeenAt: null, now })).toContain('did not answer in time');
  });

  it("passes on the controller's own words otherwise", () => {
    expect(commandFailureText(new ApiError(400, 'invalid-request', 'tail: too big'), { lastSeenAt: null, now })).toBe('tail: too big');
    expect(commandFailureText(new TypeError('Failed to fetch'), { lastSeenAt: null, now })).toBe('Failed to fetch');
  });
});

describe('gatewayErrorText', () => {
  it('words known codes and keeps the gateway message', () => {
    expect(gatewayErrorText('unknown-service', 'no service thermo/x')).toBe('The gateway does not run this service (any more). (no service thermo/x)');
    expect(gatewayErrorText('runtime-error', 'docker said no')).toBe('The gateway answered runtime-error: docker said no');
  });
});
