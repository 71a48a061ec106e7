#!/usr/bin/env node
// Runs Electronegativity on the built app and fails on any HIGH or MEDIUM finding, or on any file
// it could not parse (the tool itself exits 0 either way). Its 2021 parser cannot walk class
// private fields, so it scans a copy of out/ down-levelled to ES2019 by TypeScript.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');

/** Severities that fail the run. */
export const BLOCKING = ['HIGH', 'MEDIUM'];

/**
 * Manual-review findings that were reviewed, matched by check and by the code the tool quotes
 * (the bundler strips the tool's own `eng-disable` comments). A changed line is reviewed again.
 */
export const REVIEWED = [
  {
    id: 'PRELOAD_JS_CHECK',
    sample: 'preload: join(import.meta.dirname, "../preload/preload.cjs"),',
    why: 'src-main/preload.ts exposes only the named AppApi carrier; test/unit/electron-ipc.test.ts checks senders.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    sample: 'lockNavigation(contents, (url) => shell.openExternal(url))',
    why: 'lockNavigation calls it only for URLs isAllowedExternal accepts: https on allow-listed hosts.',
  },
];

/** The review that covers a finding, if any. */
export function reviewFor(finding, reviewed = REVIEWED) {
  return reviewed.find((r) => r.id === finding.id && (finding.sample ?? '').includes(r.sample));
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** The tool's CSV report as findings: { id, severity, confidence, file, location, sample, description }. */
export function findingsFromCsv(text) {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const col = (name) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const at = { id: col('issue'), severity: col('severity'), confidence: col('confidence') };
  Object.assign(at, { file: col('filename'), location: col('location'), sample: col('sample') });
  at.description = col('description');
  if (Object.values(at).some((i) => i < 0)) throw new Error('Electronegativity CSV has unexpected columns.');
  return rows.map((r) => Object.fromEntries(Object.entries(at).map(([k, i]) => [k, (r[i] ?? '').trim()])));
}

/** Lines where the tool says it could not parse a file: such a file was not checked at all. */
export function parseFailures(output) {
  return output.split(/\r?\n/).filter((line) => /^Error parsing /.test(line.trim()));
}

/** Whether the scan passes, and the lines that say why not. */
export function verdict(findings, failures, reviewed = REVIEWED) {
  const blocking = findings.filter(
    (f) => BLOCKING.includes(f.severity.toUpperCase()) && !reviewFor(f, reviewed),
  );
  const problems = [
    ...blocking.map((f) => `${f.severity} ${f.id} at ${f.file}:${f.location}: ${f.description}`),
    ...failures.map((line) => `NOT SCANNED ${line.trim()}`),
  ];
  return { ok: problems.length === 0, problems };
}

/** Copies `from` to `to`, rewriting every .js/.cjs/.mjs file as ES2019 so the tool can walk it. */
export function downlevel(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.[cm]?js$/.test(name)) {
        const source = readFileSync(path, 'utf8');
        const options = { target: ts.ScriptTarget.ES2019, module: ts.ModuleKind.ESNext, allowJs: true };
        writeFileSync(path, ts.transpileModule(source, { compilerOptions: options }).outputText);
      }
    }
  };
  walk(to);
}

/** Scans `input` (default: the built out/) and returns { ok, problems, findings }. */
export function scan(input = join(root, 'out'), work = join(root, 'test-results/electronegativity')) {
  const copy = join(work, 'scan');
  const report = join(work, 'report.csv');
  mkdirSync(work, { recursive: true });
  rmSync(report, { force: true });
  downlevel(input, copy);
  const electron = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'));
  // The tool fetches translations and Electron releases at startup; keep that off the network.
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'test/helpers/run-isolated.mjs'),
      'electronegativity',
      ...['-i', copy, '-e', electron.version, '-r', '-o', report],
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  let findings;
  try {
    findings = findingsFromCsv(readFileSync(report, 'utf8'));
  } catch (error) {
    const reason = `Electronegativity wrote no readable report (${error.message}).`;
    return { ok: false, problems: [reason, output.trim()], findings: [] };
  }
  return { ...verdict(findings, parseFailures(output)), findings };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--input');
  const input = at > 0 ? resolve(process.argv[at + 1]) : undefined;
  const { ok, problems, findings } = scan(input);
  for (const f of findings) {
    const review = reviewFor(f);
    if (review) console.log(`reviewed: ${f.severity} ${f.id} ${f.file}:${f.location}: ${review.why}`);
    else if (!BLOCKING.includes(f.severity.toUpperCase()))
      console.log(`note: ${f.severity} ${f.id} ${f.file}`);
  }
  for (const line of problems) console.log(`problem: ${line}`);
  const where = relative(root, input ?? join(root, 'out')) || '.';
  console.log(
    ok
      ? `electronegativity: ${where} passes (${findings.length} findings, none HIGH or MEDIUM unreviewed)`
      : `electronegativity: ${where} FAILS with ${problems.length} problem(s)`,
  );
  process.exit(ok ? 0 : 1);
}
