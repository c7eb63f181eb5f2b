import { describe, expect, it } from 'vitest';
import { formatPath } from '../issues.js';
import { ImportContext } from './context.js';
import { interpolateString } from './interpolate.js';

function run(input: string, env: Record<string, string> = {}) {
  const ctx = new ImportContext();
  const value = interpolateString(input, env, ctx, ['services', 'web', 'image']);
  return {
    value,
    errors: ctx.errors.map((e) => `${formatPath(e.segments)}: ${e.message}`),
    warnings: ctx.warnings.map((w) => w.message),
  };
}

describe('interpolateString', () => {
  const env = { TAG: '1.2', EMPTY: '' };

  it.each([
    ['app:${TAG}', 'app:1.2'],
    ['app:$TAG', 'app:1.2'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${TAG:+set}', 'set'],
    ['${MISSING:+set}', ''],
    ['${MISSING:-${TAG}}', '1.2'],
    ['cost: $$5', 'cost: $5'],
    ['a $ b', 'a $ b'],
  ])('substitutes %j as compose does', (input, output) => {
    expect(run(input, env)).toEqual({ value: output, errors: [], warnings: [] });
  });

  it('uses an empty string for an unset variable and warns', () => {
    expect(run('x${NOPE}y')).toEqual({
      value: 'xy',
      errors: [],
      warnings: ["variable NOPE is not set; using an empty string (pass it in the import's env)"],
    });
  });

  it('fails on a required variable that is unset, with its message', () => {
    expect(run('${DB_HOST:?set DB_HOST to the historian}').errors).toEqual([
      "services.web.image: variable DB_HOST is required: set DB_HOST to the historian (pass it in the import's env)",
    ]);
  });

  it('fails on an unclosed or malformed reference', () => {
    expect(run('${TAG').errors).toEqual(['services.web.image: "${TAG" has a ${ without its closing }']);
    expect(run('${1X}').errors).toEqual(['services.web.image: ${1X} is not a valid variable reference']);
  });
});
