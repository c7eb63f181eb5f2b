import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Every project resolves workspace libraries to their TypeScript source (the
 * `@gantry/source` export condition), so tests never depend on a prior build.
 */
const conditions = ['@gantry/source', 'node', 'import', 'module', 'default'];

export function gantryProject(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      ...overrides,
    },
  });
}
