// Runs Electronegativity through its programmatic API and writes { issues, errors } as JSON.
// (Its CLI writes the CSV header and rows with two racing async writes, so rows can vanish.)
// Usage: node electronegativity-run.mjs <input dir> <electron version> <output.json>
import { writeFileSync } from 'node:fs';
import run from '@doyensec/electronegativity';

const [input, electronVersion, output] = process.argv.slice(2);

run({
  input,
  isRelative: true,
  customScan: [],
  excludeFromScan: [],
  parserPlugins: [],
  electronVersionOverride: electronVersion,
}).then(
  ({ issues, errors }) => {
    const plain = issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file,
      location: `${i.location.line}:${i.location.column}`,
      sample: i.sample ?? '',
      description: i.description,
    }));
    const failed = errors.map((e) => ({ file: e.file, message: e.message, tolerable: Boolean(e.tolerable) }));
    writeFileSync(output, JSON.stringify({ issues: plain, errors: failed }, null, 2));
  },
  (error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
