#!/usr/bin/env node
// Reads the fuses back from a packaged app and fails unless each one is as electron-builder.yml
// set it (`@electron/fuses read` only prints them). The release workflow runs it on every OS.
// Usage: node test/desktop/verify-fuses.mjs <packaged app: .exe, .app or Linux binary>
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fuses from '@electron/fuses';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
// The wire stores each fuse as an ASCII '1' (on) or '0' (off); @electron/fuses does not export these.
const ENABLE = '1'.charCodeAt(0);
const DISABLE = '0'.charCodeAt(0);

/** The fuses electron-builder.yml sets: name, wire index and wanted state. */
export function expectedFuses(config) {
  return Object.entries(config.electronFuses ?? {})
    .filter(([key]) => key !== 'resetAdHocDarwinSignature')
    .map(([key, want]) => {
      const name = key[0].toUpperCase() + key.slice(1);
      const index = fuses.FuseV1Options[name];
      if (index === undefined) throw new Error(`electron-builder.yml sets an unknown fuse: ${key}`);
      return { key, index, want };
    });
}

/** Lines describing each fuse whose state in the wire is not the one wanted. */
export function fuseProblems(expected, wire) {
  return expected
    .filter(({ index, want }) => wire[index] !== (want ? ENABLE : DISABLE))
    .map(
      ({ key, index, want }) =>
        `${key} should be ${want ? 'on' : 'off'} but reads ${wire[index] ?? 'missing'}`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = process.argv[2];
  if (!app) throw new Error('usage: verify-fuses.mjs <packaged app>');
  const config = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8'));
  const expected = expectedFuses(config);
  const problems = fuseProblems(expected, await fuses.getCurrentFuseWire(app));
  for (const line of problems) console.log(`problem: ${line}`);
  console.log(`fuses: ${problems.length === 0 ? `all ${expected.length} as configured` : 'WRONG'} in ${app}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
