import { describe, expect, it } from 'vitest';
import { claimOf, ConnectRefusal, isServicePassword, mayPublish, maySubscribe, SERVICE_USERNAME, type BrokerIdentity } from './broker-auth.js';

const gw01: BrokerIdentity = { kind: 'gateway', deviceId: 'gw-01' };
const service: BrokerIdentity = { kind: 'service' };
const secret = Buffer.from('s3cret');

describe('claimOf', () => {
  it('reads a gateway whose client id is its device id', () => {
    expect(claimOf('gw-01', 'gw-01', secret)).toEqual({ kind: 'gateway', deviceId: 'gw-01', secret: 's3cret' });
  });

  it('reads the service identity with any client id', () => {
    expect(claimOf('anything', SERVICE_USERNAME, secret)).toEqual({ kind: 'service', password: 's3cret' });
  });

  it.each([
    ['no username', 'gw-01', undefined, secret, ConnectRefusal.badUsernameOrPassword],
    ['an empty username', 'gw-01', '', secret, ConnectRefusal.badUsernameOrPassword],
    ['no password', 'gw-01', 'gw-01', undefined, ConnectRefusal.badUsernameOrPassword],
    ['an empty password', 'gw-01', 'gw-01', Buffer.alloc(0), ConnectRefusal.badUsernameOrPassword],
    ['a username that is no device id', 'GW 01', 'GW 01', secret, ConnectRefusal.badUsernameOrPassword],
    ['a client id other than the username', 'gw-02', 'gw-01', secret, ConnectRefusal.identifierRejected],
  ])('refuses %s', (_, clientId, username, password, code) => {
    expect(claimOf(clientId, username, password)).toMatchObject({ kind: 'refused', code });
  });
});

describe('isServicePassword', () => {
  it.each([
    ['the same password', 'p'.repeat(32), true],
    ['a different password of the same length', `${'p'.repeat(31)}q`, false],
    ['a prefix', 'p'.repeat(16), false],
    ['an empty password', '', false],
  ])('answers %s with %s', (_, given, expected) => {
    expect(isServicePassword(given, 'p'.repeat(32))).toBe(expected);
  });
});

describe('mayPublish', () => {
  it.each([
    ['gantry/v1/gw-01/reported', true],
    ['gantry/v1/gw-01/status', true],
    ['gantry/v1/gw-01/events', true],
    ['gantry/v1/gw-01/telemetry', true],
    ['gantry/v1/gw-01/cmd-res/r-1', true],
    ['gantry/v1/gw-01/desired', false],
    ['gantry/v1/gw-01/cmd/r-1', false],
    ['gantry/v1/gw-02/reported', false],
    ['gantry/v1/gw-01/reported/extra', false],
    ['gantry/v1/gw-01', false],
    ['$SYS/broker/clients', false],
    ['other/topic', false],
  ])('lets a gateway publish to %s: %s', (topic, expected) => {
    expect(mayPublish(gw01, topic)).toBe(expected);
  });

  it('lets the service identity publish anywhere', () => {
    expect(mayPublish(service, 'gantry/v1/gw-02/desired')).toBe(true);
  });
});

describe('maySubscribe', () => {
  it.each([
    ['gantry/v1/gw-01/desired', true],
    ['gantry/v1/gw-01/cmd/+', true],
    ['gantry/v1/gw-01/#', true],
    ['#', false],
    ['+/#', false],
    ['gantry/#', false],
    ['gantry/v1/#', false],
    ['gantry/v1/+/desired', false],
    ['gantry/v1/gw-02/desired', false],
    ['gantry/v1/gw-01x/desired', false],
    ['$SYS/#', false],
    ['$share/g/gantry/v1/gw-01/desired', false],
  ])('lets a gateway subscribe to %s: %s', (filter, expected) => {
    expect(maySubscribe(gw01, filter)).toBe(expected);
  });

  it('lets the service identity subscribe to everything', () => {
    expect(maySubscribe(service, '#')).toBe(true);
  });
});
