import { describe, expect, it } from 'vitest';
import { brokerUrls, controllerUrl } from './public-urls.js';

const embedded = { mode: 'embedded', tcpUrl: 'mqtt://0.0.0.0:1883', wsPath: '/mqtt' } as const;

describe('brokerUrls', () => {
  it('points gateways at the host they reached the controller by, TCP first then WebSocket', () => {
    expect(brokerUrls(undefined, embedded, { protocol: 'http', host: 'gantry.local:8080' })).toEqual(['mqtt://gantry.local:1883', 'ws://gantry.local:8080/mqtt']);
    expect(brokerUrls(undefined, embedded, { protocol: 'https', host: '[::1]:8443' })).toEqual(['mqtt://[::1]:1883', 'wss://[::1]:8443/mqtt']);
  });

  it('never hands out the controller’s own credentials of an external broker', () => {
    const urls = brokerUrls(undefined, { mode: 'external', url: 'mqtts://ctl:secret@broker.example:8883' }, { protocol: 'https', host: 'x' });
    expect(urls).toEqual(['mqtts://broker.example:8883']);
  });

  it('uses configured URLs as given', () => {
    expect(brokerUrls(['mqtts://edge.example:8883'], embedded, { protocol: 'http', host: 'x' })).toEqual(['mqtts://edge.example:8883']);
  });
});

describe('controllerUrl', () => {
  it('prefers the configured URL', () => {
    expect(controllerUrl('https://gantry.example.com', { protocol: 'http', host: '10.0.0.1:8080' })).toBe('https://gantry.example.com');
    expect(controllerUrl(undefined, { protocol: 'http', host: '127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
  });
});
