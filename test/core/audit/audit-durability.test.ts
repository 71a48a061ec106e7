import { spawnSync } from 'node:child_process';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditLog, verifyAuditFile, type AuditEntry } from '../../../src-main/core/audit';
import { entryHash } from '../../../src-main/core/audit/entry';
import { readAuditHistory } from '../../../src-main/core/history/audit-history';
import { createCore } from '../../../src-main/core/compose';
import { silentLog } from '../../../src-main/core/log';
import { closedAfterEach } from '../../helpers/closed-after-each';
import { tempDir } from '../../helpers/temp-dir';

vi.setConfig({ testTimeout: 30_000 });

const root = resolve(import.meta.dirname, '../../..');
let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const CA = `CA${'1'.repeat(32)}`;

beforeEach(async () => {
  dir = await tempDir('audit-durable-');
  file = join(dir.path, 'audit.jsonl');
});
afterEach(() => dir.cleanup());
const tracked = closedAfterEach();

const entry = (sessionId: string, amount?: string) => ({
  agent: 'maria',
  action: 'payment.start' as const,
  sessionId,
  callSid: CA,
  details: { amount, currency: 'USD' },
});

async function charged(log: AuditLog, sessionId: string, amount: string) {
  await log.append(entry(sessionId, amount));
  await log.append({
    ...entry(sessionId),
    action: 'payment.result',
    details: { result: 'success', confirmationCode: `ch_${sessionId}` },
  });
}

const lines = async () => (await readFile(file, 'utf8')).trim().split('\n');

/** `npm run audit:verify -- --data-dir <dir>`: its exit code and what it printed. */
function verifyCli(dataDir: string) {
  const run = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.node.json', 'src-main/core/audit/verify-cli.ts', '--data-dir', dataDir],
    { cwd: root, encoding: 'utf8' },
  );
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('a torn audit log', () => {
  it('keeps the torn bytes aside at start, and every later entry stays readable', async () => {
    const first = tracked(new AuditLog(file));
    await charged(first, 's1', '12.00');
    // A power cut in the middle of the next line: half of it reached the disk.
    const whole = (await lines())[1]!;
    const torn = whole.slice(0, Math.floor(whole.length / 2)).replace('"seq":2', '"seq":3');
    await appendFile(file, torn);

    // The next start goes on appending: nothing may be glued onto the torn half-line.
    const again = tracked(new AuditLog(file));
    await charged(again, 's2', '77.00');
    expect(await again.verify()).toMatchObject({ ok: true, entries: 4 });
    const history = await readAuditHistory(file);
    expect(history.map((h) => [h.sessionId, h.charge, h.amount])).toEqual([
      ['s1', true, '12.00'],
      ['s2', true, '77.00'],
    ]);
    // The torn bytes were kept aside, next to the log.
    const aside = (await readdir(dir.path)).filter((name) => name.startsWith('audit.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir.path, aside[0]!), 'utf8')).toBe(torn);
    expect(again.repair?.keptAs).toBe(join(dir.path, aside[0]!));
  });

  it('completes a last line that lost only its newline, instead of setting it aside', async () => {
    await charged(tracked(new AuditLog(file)), 's1', '12.00');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, -1));
    const again = tracked(new AuditLog(file));
    await charged(again, 's2', '77.00');
    expect(await again.verify()).toMatchObject({ ok: true, entries: 4 });
    expect(again.repair).toMatchObject({ completed: true });
    expect(await readdir(dir.path)).not.toContainEqual(expect.stringContaining('torn'));
  });
});

describe('the sealed chain', () => {
  it('fails verify when the file is rewritten with every hash recomputed, and the CLI says so', async () => {
    const log = tracked(new AuditLog(file));
    await charged(log, 's1', '12.00');
    await charged(log, 's2', '77.00');
    expect(verifyCli(dir.path)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact: 4 entries.*seal/),
    });

    // Someone with write access lowers the second charge and rebuilds the hash chain by hand.
    let prev = '0'.repeat(64);
    const forged = (await lines()).map((line) => {
      const { hash: _hash, mac, ...body } = JSON.parse(line) as AuditEntry;
      if (body.details.amount === '77.00') body.details.amount = '7.00';
      const rebuilt = { ...body, prev };
      prev = entryHash(rebuilt);
      return JSON.stringify({ ...rebuilt, hash: prev, mac });
    });
    await writeFile(file, `${forged.join('\n')}\n`);

    // The hashes alone are satisfied; the seal is what tells.
    expect(await verifyAuditFile(file)).toMatchObject({ ok: true, sealChecked: false });
    expect(await tracked(new AuditLog(file)).verify()).toMatchObject({
      ok: false,
      brokenAt: { line: 3, reason: expect.stringContaining('seal does not match') },
    });
    const cli = verifyCli(dir.path);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/broken at line 3: The entry's seal does not match the audit key/);
  });

  it('shows a broken chain in the app status at start', async () => {
    const log = tracked(new AuditLog(file));
    await charged(log, 's1', '12.00');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"amount":"12.00"', '"amount":"1.00"'));
    const core = await createCore({ dataDir: dir.path, version: '0.0.0-test', log: silentLog });
    try {
      expect(core.status().health.audit).toMatchObject({
        state: 'degraded',
        detail: expect.stringMatching(/chain is broken at line 1: The entry was changed/),
      });
      const verified = await core.api.dispatch('audit.verify', {});
      expect(verified).toMatchObject({ ok: true, value: { ok: false, brokenAt: { line: 1 } } });
    } finally {
      await core.stop();
    }
  });
});
