import { gantryProject } from '../../vitest.shared.js';

export default gantryProject({ include: ['src/**/*.test.ts'] });
