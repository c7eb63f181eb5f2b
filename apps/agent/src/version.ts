import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** This agent's version, from its package.json. */
export function agentVersion(): string {
  // src/ (tests) and dist/ (the installed bin) are both one level below package.json.
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
}
