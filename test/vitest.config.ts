import { gantryProject } from '../vitest.shared.js';

// Cross-project tests start real processes (ESLint's type-aware program, engines): they
// get a minute each rather than vitest's default five seconds.
export default gantryProject({ include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 60_000 });
