import { gantryProject } from '../vitest.shared.js';

export default gantryProject({ include: ['**/*.test.ts'], exclude: ['**/node_modules/**'] });
