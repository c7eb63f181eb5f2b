import { describe, expect, it } from 'vitest';
import { credentialsFor, pullFailure } from './pull.js';

describe('credentialsFor', () => {
  const auth = {
    'registry.example.com:5000': { username: 'gw', password: 'secret' },
    'index.docker.io': { username: 'hub', password: 'token' },
  };
  it.each([
    ['registry.example.com:5000', 'gw'],
    ['registry.example.com', undefined],
    ['docker.io', 'hub'],
    ['registry-1.docker.io', 'hub'],
    ['ghcr.io', undefined],
  ])('for %s gives %s', (registry, username) => {
    expect(credentialsFor(auth, registry)?.username).toBe(username);
  });
});

describe('pullFailure', () => {
  it('says what to check when the image does not exist', () => {
    expect(pullFailure('reg:5000/app:9', 'reg:5000', 'manifest for reg:5000/app:9 not found: manifest unknown', false)).toBe(
      'cannot pull reg:5000/app:9 from registry reg:5000: manifest for reg:5000/app:9 not found: manifest unknown. ' +
        'Check that the repository and tag (or digest) are spelled as pushed and exist on reg:5000; if the repository is private, ' +
        "no credentials are configured for reg:5000; add them to the agent's registryAuth if it is private.",
    );
  });

  it('points at the credentials when access is refused', () => {
    expect(pullFailure('reg/app:1', 'reg', 'unauthorized: authentication required', true)).toMatch(
      /The registry refused access: check the credentials configured for reg\.$/,
    );
  });

  it('points at the network when the registry cannot be reached', () => {
    expect(pullFailure('reg:1/app:1', 'reg:1', 'Get "http://reg:1/v2/": dial tcp: connection refused', false)).toMatch(/could not be reached/);
  });
});
