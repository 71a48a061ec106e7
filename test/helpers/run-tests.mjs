#!/usr/bin/env node
// npm test's last step: every vitest suite in a loopback-only namespace, then the card-data
// tripwire over every file the tests and the app wrote, then one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { runIsolated } from './run-isolated.mjs';

const root = resolve(import.meta.dirname, '../..');
const output = resolve(root, 'test-results');
const report = resolve(output, 'vitest.json');
rmSync(resolve(output, 'tmp'), { recursive: true, force: true });
mkdirSync(output, { recursive: true });
rmSync(report, { force: true });
process.env.CALLPAY_KEEP_TEST_FILES = '1';

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
  // A test that passed with failure messages failed first and passed on its retry.
  for (const file of json.testResults)
    for (const test of file.assertionResults)
      if (test.status === 'passed' && test.failureMessages.length > 0)
        console.log(`passed on retry (flaky): ${test.fullName}`);
} else {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;

const scan = spawnSync(
  'npx',
  ['tsx', '--tsconfig', 'tsconfig.node.json', 'test/helpers/scan-outputs.ts', output],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (scan.status === 0) passed++;
else failed++;

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
