import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { AppSpec, Issue, ParseResult, ResourceCaps, ServiceSpec } from '../src/index.js';
import { ServiceSpecSchema } from '../src/index.js';

/** Reads a fixture file relative to the library root. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

/** Asserts a successful parse and returns its spec. */
export function expectOk(result: ParseResult<AppSpec>): AppSpec {
  if (!result.ok) expect.fail(`expected success, got errors:\n${result.errors.map(show).join('\n')}`);
  return result.spec;
}

/** Asserts a failed parse and returns its errors. */
export function expectErrors(result: ParseResult<AppSpec>): Issue[] {
  if (result.ok) expect.fail('expected errors, got a spec');
  return result.errors;
}

/** An issue as one line, the way the console would print it. */
export function show(issue: Issue): string {
  return `${issue.path}: ${issue.message}`;
}

const defaults = ServiceSpecSchema.parse({ image: 'placeholder' });

/** A canonical service: every default plus the given fields and caps. */
export function service(fields: Partial<ServiceSpec>, caps: Partial<ResourceCaps> = {}): ServiceSpec {
  return { ...defaults, ...fields, resources: { ...defaults.resources, ...caps } };
}
