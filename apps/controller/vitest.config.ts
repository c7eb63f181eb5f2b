import swc from 'unplugin-swc';
import type { ViteUserConfig } from 'vitest/config';
import { gantryProject } from '../../vitest.shared.js';

// Nest and TypeORM decorators need legacy decorators with emitted metadata; vite's own
// transform (oxc) emits no decorator metadata, so SWC compiles the TypeScript here.
const shared = gantryProject({ testTimeout: 20_000, hookTimeout: 30_000 });

const config: ViteUserConfig = {
  ...shared,
  plugins: [
    swc.vite({
      tsconfigFile: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
    }),
  ],
  test: {
    ...shared.test,
    // The integration suite runs twice: on the embedded default (SQLite) and on PostgreSQL.
    projects: [
      { extends: true, test: { name: 'sqlite' } },
      { extends: true, test: { name: 'postgres', include: ['test/**/*.integration.test.ts'], globalSetup: ['test/postgres.global-setup.ts'] } },
    ],
  },
};

export default config;
