import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The architecture of DESIGN.md §1 is enforced by lint. These tests lint code that breaks
// it, as if it were written into a real file, and expect the lint step to fail.
const root = join(import.meta.dirname, '..', '..');

describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The Nx rule reads the cached project graph; make sure it exists and is current.
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: root });
  }, 60_000);

  async function lintAs(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
  }

  it('accepts a contract library that imports only zod', async () => {
    expect(await lintAs('libs/protocol/src/index.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });

  it('refuses a library that imports a test-only library', async () => {
    const messages = await lintAs('libs/protocol/src/index.ts', "export { pollUntil } from '@gantry/test-kit';\n");
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries: A project tagged with "scope:contract" can only depend on libs tagged with "scope:contract"/);
  });

  it('refuses a relative import into another project', async () => {
    const messages = await lintAs('libs/protocol/src/index.ts', "export { pollUntil } from '../../test-kit/src/index.js';\n");
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/);
  });

  it('refuses a contract library that reaches for I/O', async () => {
    const messages = await lintAs('libs/protocol/src/index.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*Contract libraries depend on zod/);
  });

  it('lets the app manifest library use its YAML parser and hash', async () => {
    const code = "import { parse } from 'yaml';\nimport { sha256 } from '@noble/hashes/sha2.js';\nexport const both = [parse, sha256];\n";
    expect(await lintAs('libs/app-spec/src/index.ts', code)).toEqual([]);
  });

  it('refuses an agent core that reaches Docker or the filesystem directly', async () => {
    const messages = await lintAs('libs/agent-core/src/index.ts', "import Docker from 'dockerode';\nexport const d = Docker;\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*through its interfaces/);
  });

  it('refuses a library that imports an app', async () => {
    const messages = await lintAs('libs/agent-core/src/index.ts', "export { agentVersion } from '@gantry/agent/src/version.js';\n");
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries: /);
  });

  it('refuses test helpers in code that ships', async () => {
    const messages = await lintAs('apps/agent/src/version.ts', "export { pollUntil } from '@gantry/test-kit';\n");
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*Test helpers are for tests only/);
  });

  it('refuses a floating promise', async () => {
    const messages = await lintAs('libs/protocol/src/index.ts', 'async function f(): Promise<void> {}\nf();\n');
    expect(messages.join('\n')).toMatch(/no-floating-promises/);
  });
});
