import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, verifyAuditFile, type AuditEntry } from '../../../src-main/core/audit';
import { entryHash, GENESIS } from '../../../src-main/core/audit/entry';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const CA = `CA${'1'.repeat(32)}`;
const key = Buffer.alloc(32, 7);

beforeEach(async () => {
  dir = await tempDir('audit-unsealed-');
  file = join(dir.path, 'audit.jsonl');
});
afterEach(() => dir.cleanup());

/** A log as Callpay wrote it before entries were sealed: hash-chained lines with no `mac`. */
async function logFromBeforeSealing(count: number) {
  let prev = GENESIS;
  const lines: string[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const body = {
      seq,
      at: new Date(Date.UTC(2026, 10, seq)).toISOString(),
      agent: 'maria',
      action: 'payment.start' as const,
      sessionId: `s${seq}`,
      callSid: CA,
      details: { amount: '10.00', currency: 'USD' },
      prev,
    };
    const hash = entryHash(body);
    lines.push(JSON.stringify({ ...body, hash }));
    prev = hash;
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}

const record = (sessionId: string) => ({
  agent: 'maria',
  action: 'payment.start' as const,
  sessionId,
  callSid: CA,
  details: { amount: '5.00', currency: 'USD' },
});

describe('an audit log kept before entries were sealed', () => {
  it('still verifies after the upgrade, and new entries are sealed after it', async () => {
    await logFromBeforeSealing(3);
    const log = new AuditLog(file, { key: async () => key });
    expect(await log.open()).toMatchObject({ ok: true, entries: 3, sealChecked: true });
    await log.append(record('s4'));
    await log.flush();
    log.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect((JSON.parse(lines[3]!) as AuditEntry).mac).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditFile(file, key)).toMatchObject({ ok: true, entries: 4 });
  });

  it('fails verify when a sealed entry is rewritten without its seal, past the marked start', async () => {
    await logFromBeforeSealing(2);
    const log = new AuditLog(file, { key: async () => key });
    await log.open();
    await log.append(record('s3'));
    await log.flush();
    log.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const { mac: _mac, hash: _hash, ...body } = JSON.parse(lines[2]!) as AuditEntry;
    const forged = { ...body, details: { amount: '1.00', currency: 'USD' } };
    lines[2] = JSON.stringify({ ...forged, hash: entryHash(forged) });
    await writeFile(file, `${lines.join('\n')}\n`);
    expect(await verifyAuditFile(file, key)).toMatchObject({ ok: false, brokenAt: { line: 3 } });
  });

  it('fails verify when the entries from before sealing are rewritten and rehashed', async () => {
    await logFromBeforeSealing(2);
    const log = new AuditLog(file, { key: async () => key });
    await log.open();
    log.close();
    // Rewritten with recomputed hashes, as anyone who can write the file could.
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    const first = JSON.parse(lines[0]!) as AuditEntry;
    const { hash: _h, ...rest } = first;
    const changed = { ...rest, details: { amount: '99.00', currency: 'USD' } };
    const changedHash = entryHash(changed);
    const second = JSON.parse(lines[1]!) as AuditEntry;
    const { hash: _h2, ...rest2 } = { ...second, prev: changedHash };
    lines[0] = JSON.stringify({ ...changed, hash: changedHash });
    lines[1] = JSON.stringify({ ...rest2, hash: entryHash(rest2) });
    await writeFile(file, `${lines.join('\n')}\n`);
    expect(await verifyAuditFile(file, key)).toMatchObject({ ok: false, brokenAt: { line: 2 } });
  });
});
