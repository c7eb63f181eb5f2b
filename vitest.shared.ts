import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Every project resolves workspace libraries to their TypeScript source (the
 * `@gantry/source` export condition), so tests never depend on a prior build.
 */
const conditions = ['@gantry/source', 'node', 'import', 'module', 'default'];
// Vitest hands the SSR conditions to its workers as `node --conditions`, where `import`
// would also steer `require` (Express then gets is-promise's ESM namespace): there,
// only the source condition and Node's own choices.
const ssrConditions = ['@gantry/source', 'node', 'development|production'];

/** The shared vitest preset; each project's vitest.config.ts calls it from its own folder. */
export function gantryProject(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  const root = process.cwd();
  const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
  const report = join(import.meta.dirname, 'test-results', 'vitest', `${name.replace(/^@gantry\//, '').replace(/\W+/g, '-')}.json`);
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions: ssrConditions, externalConditions: ['@gantry/source'] } },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // The suite shares two cores with Docker, browsers and brokers: a pure test that
      // takes 5 s there is starved, not hung.
      testTimeout: 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: report },
      ...overrides,
    },
  });
}
