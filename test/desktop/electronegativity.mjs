#!/usr/bin/env node
// Runs Electronegativity on the built app and fails on any HIGH or MEDIUM finding, or on any file
// it could not parse (the tool itself exits 0 either way). Its 2021 parser cannot walk class
// private fields, so it scans a copy of out/ down-levelled to ES2019 by TypeScript. The tool runs
// through its programmatic API (electronegativity-run.mjs) in a loopback-only namespace.
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
    why: 'src-main/preload.ts exposes only the named AppApi carrier; test/desktop/electron-ipc.test.ts checks senders.',
  },
  {
    id: 'CERTIFICATE_ERROR_EVENT_JS_CHECK',
    sample: 'app.on("certificate-error", (event, _contents, url, _error, certificate, callback) => {',
    why: 'sandbox-certificate.ts trusts only the sandbox signaling certificate, only on 127.0.0.1; all else is refused.',
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

/** Files the tool could not parse at all: such a file was not checked. */
export function parseFailures(errors) {
  return errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`);
}

/** Whether the scan passes, and the lines that say why not. */
export function verdict(findings, failures, reviewed = REVIEWED) {
  const blocking = findings.filter(
    (f) => BLOCKING.includes(f.severity.toUpperCase()) && !reviewFor(f, reviewed),
  );
  const problems = [
    ...blocking.map((f) => `${f.severity} ${f.id} at ${f.file}:${f.location}: ${f.description}`),
    ...failures.map((line) => `NOT SCANNED ${line}`),
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
  const report = join(work, 'report.json');
  mkdirSync(work, { recursive: true });
  rmSync(report, { force: true });
  downlevel(input, copy);
  const electron = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'));
  // The tool fetches translations and Electron releases at startup; on Linux that runs in a
  // loopback-only namespace (run-isolated), elsewhere (release runners) directly.
  const runner = [join(root, 'test/desktop/electronegativity-run.mjs'), copy, electron.version, report];
  const args =
    process.platform === 'linux' ? [join(root, 'test/helpers/run-isolated.mjs'), 'node', ...runner] : runner;
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // The copy is the built app (the sandbox's public test cards included): not a file to leave behind.
  rmSync(copy, { recursive: true, force: true });
  let result;
  try {
    result = JSON.parse(readFileSync(report, 'utf8'));
  } catch (error) {
    const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim();
    return {
      ok: false,
      problems: [`Electronegativity wrote no report (${error.message}).`, output],
      findings: [],
    };
  }
  return { ...verdict(result.issues, parseFailures(result.errors)), findings: result.issues };
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
