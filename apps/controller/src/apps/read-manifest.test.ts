import { describe, expect, it } from 'vitest';
import { readManifest } from './read-manifest.js';

const native = 'name: thermo\nservices:\n  reader:\n    image: acme/reader:1\n';
const compose = 'name: site-stack\nservices:\n  reader:\n    image: acme/reader:1\n    environment:\n      TZ: UTC\n';

describe('readManifest', () => {
  it('reads a native manifest named after the app', () => {
    const sut = readManifest('thermo', native, 'gantry');
    expect(sut).toMatchObject({ ok: true, spec: { name: 'thermo', services: { reader: { image: 'acme/reader:1' } } }, warnings: [] });
  });

  it('refuses a native manifest of another app, at the line of its name', () => {
    expect(readManifest('meters', native, 'gantry')).toEqual({
      ok: false,
      issues: [{ path: 'name', line: 1, column: 7, message: expect.stringContaining('for app "thermo" but was sent to app "meters"') }],
    });
  });

  it('refuses a JSON native manifest of another app, at the line of its name', () => {
    const json = JSON.stringify({ services: { reader: { image: 'acme/reader:1' } }, name: 'thermo' }, null, 2);
    expect(readManifest('meters', json, 'gantry')).toMatchObject({ ok: false, issues: [{ path: 'name', line: 7 }] });
  });

  it('hints at the compose format when a compose file fails as a native manifest', () => {
    expect(readManifest('thermo', compose, 'gantry')).toMatchObject({ ok: false, hint: expect.stringContaining('"format": "compose"') });
  });

  it('gives no hint when the text is no compose file either', () => {
    const sut = readManifest('thermo', 'name: thermo\nservices: 3\n', 'gantry');
    expect(sut.ok).toBe(false);
    expect(sut).not.toHaveProperty('hint');
  });

  it('names a compose app after the app id and warns that its own name is not used', () => {
    expect(readManifest('thermo', compose, 'compose')).toMatchObject({
      ok: true,
      spec: { name: 'thermo', services: { reader: { env: { TZ: 'UTC' } } } },
      warnings: [{ path: 'name', line: 1, message: expect.stringContaining('"site-stack"') }],
    });
  });

  it('adds no name warning to a compose file without a name', () => {
    expect(readManifest('thermo', compose.replace('name: site-stack\n', ''), 'compose')).toMatchObject({ ok: true, warnings: [] });
  });

  it('passes compose errors through with their lines', () => {
    expect(readManifest('thermo', compose.replace('acme/reader:1', 'Bad Image!'), 'compose')).toMatchObject({
      ok: false,
      issues: [{ path: 'services.reader.image', line: 4 }],
    });
  });
});
