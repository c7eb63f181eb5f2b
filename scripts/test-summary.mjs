// Sums the vitest JSON reports every project wrote into one line a person (and CI) reads:
// "tests: N passed, N failed, N skipped". Fails when no test ran at all.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'test-results', 'vitest');
const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of files.sort()) {
  const report = JSON.parse(await readFile(join(dir, file), 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += skipped;
  console.log(`  ${file.replace(/\.json$/, '').padEnd(28)} ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
if (total.passed + total.failed === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(total.failed > 0 ? 1 : 0);
