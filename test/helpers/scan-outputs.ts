// The card-data tripwire: scans every file the app and its tests wrote and fails on any hit.
import { resolve } from 'node:path';
import { scanTree } from '../../src-main/core/diagnostics/card-scan';

const roots = process.argv.slice(2);
if (roots.length === 0) roots.push(resolve(import.meta.dirname, '../../test-results'));

let hits = 0;
let scanned = 0;
for (const root of roots) {
  for (const hit of await scanTree(root)) {
    hits++;
    console.error(`card-data: ${hit.kind} ${hit.masked} in ${root}/${hit.file}:${hit.line}`);
  }
  scanned++;
}
console.log(`card-data tripwire: ${hits} hit(s) in ${scanned} folder(s)`);
process.exit(hits > 0 ? 1 : 0);
