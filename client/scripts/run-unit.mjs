// Runs the Vitest suite and writes ../test-results/client-unit.summary.json as {"passed":N,"failed":M}.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, '../test-results');
mkdirSync(outDir, { recursive: true });
const jsonFile = resolve(outDir, 'client-unit.json');

const result = spawnSync(
  process.execPath,
  [resolve(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  if (!report.success && failed === 0) failed = 1; // a suite that failed to load counts as a failure
} catch {
  failed = 1;
}
writeFileSync(resolve(outDir, 'client-unit.summary.json'), `${JSON.stringify({ passed, failed })}\n`);
console.log(`client unit summary: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
