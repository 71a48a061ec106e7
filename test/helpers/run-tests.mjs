#!/usr/bin/env node
// npm test's last step: every vitest suite in a loopback-only namespace, then one summary line.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { runIsolated } from './run-isolated.mjs';

const root = resolve(import.meta.dirname, '../..');
const report = resolve(root, 'test-results/vitest.json');
mkdirSync(resolve(root, 'test-results'), { recursive: true });
rmSync(report, { force: true });

const status = runIsolated([
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numRuntimeErrorTests ?? 0);
  skipped = json.numPendingTests + json.numTodoTests;
} else {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status !== 0 || failed > 0 ? 1 : 0);
