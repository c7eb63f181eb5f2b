// One lint config for the workspace. The module-boundary rules are the architecture of
// DESIGN.md §1 written as lint errors: a violation fails `npm test`.
import nx from '@nx/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';

/** Imports a contract library's runtime code may make besides its own files. */
const contractExternals = {
  'libs/protocol': ['zod', '@gantry/app-spec'],
  'libs/app-spec': ['zod', 'yaml', '@noble/hashes'],
};

const onlyThese = (names) => ({
  patterns: [
    {
      regex: `^(?!(${names.map((n) => n.replace('/', '\\/')).join('|')})(\\/|$)|\\.{1,2}\\/)`,
      message: 'Contract libraries depend on zod (and their parsers) only; see DESIGN.md §1.',
    },
  ],
});

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.next', '**/.nx', '**/coverage', '**/test-results', '**/*.json'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Contract libraries speak only of each other.
            { sourceTag: 'scope:contract', onlyDependOnLibsWithTags: ['scope:contract'] },
            // The agent core is pure: contracts only (Docker, MQTT and fs come in through interfaces).
            { sourceTag: 'scope:agent-core', onlyDependOnLibsWithTags: ['scope:contract', 'scope:shared'] },
            // Libraries never import an app, the simulator or a test project.
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // Apps import libraries, never each other.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            // The simulator runs on the agent core, never on apps/agent and its Docker adapter.
            { sourceTag: 'type:sim', onlyDependOnLibsWithTags: ['type:lib'] },
            // Cross-app tests and benchmarks may drive everything.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:sim'] },
            // Test helpers are for tests only: nothing that ships may import them.
            { sourceTag: 'scope:test', onlyDependOnLibsWithTags: ['scope:contract', 'scope:test'] },
          ],
        },
      ],
    },
  },
  {
    // Tool configs share the workspace's vitest preset from the root.
    files: ['**/vitest.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Shipped code never depends on test helpers (their tests may).
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts', 'firmware-sim/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/fixtures/**', '**/test-support/**', 'libs/test-kit/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@gantry/test-kit', message: 'Test helpers are for tests only.' }] }],
    },
  },
  ...Object.entries(contractExternals).map(([root, names]) => ({
    files: [`${root}/src/**/*.ts`],
    ignores: ['**/*.test.ts', '**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', onlyThese(names)] },
  })),
  {
    // The console: the rules of hooks, and Next's own checks (links, images, scripts).
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // It looks for a pages/ directory; the console has the app router only.
      '@next/next/no-html-link-for-pages': 'off',
    },
  },
  {
    // Code that runs on a gateway never has V8 format dates: on Node 20 Date#toISOString and its
    // kin load ICU's time-zone and locale data, ~0.9 MiB kept resident (BENCHMARKS.md, idle RSS).
    files: ['apps/agent/src/**/*.ts', 'libs/agent-core/src/**/*.ts', 'libs/protocol/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/fixtures/**', '**/test-support/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['toISOString', 'toUTCString', 'toGMTString', 'toDateString', 'toTimeString'].map((property) => ({
          property,
          message: 'Stamp times with isoTimestamp from @gantry/protocol (or httpDate for HTTP); this loads ICU time-zone data on a gateway.',
        })),
        ...['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'].map((property) => ({
          property,
          message: 'Locale formatting loads ICU data on a gateway; format for people in the CLI, not in the daemon.',
        })),
      ],
    },
  },
  {
    files: ['libs/agent-core/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(dockerode|mqtt|(node:)?fs(/promises)?|(node:)?child_process|@gantry/test-kit)$',
              message: 'The agent core reaches Docker, MQTT and the filesystem only through its interfaces (DESIGN.md §1).',
            },
          ],
        },
      ],
    },
  },
];
