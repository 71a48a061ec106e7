import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../src-main/core/audit';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const CA = `CA${'2'.repeat(32)}`;

beforeEach(async () => {
  dir = await tempDir('audit-mark-');
  file = join(dir.path, 'audit.jsonl');
});
afterEach(() => dir.cleanup());

const charge = (log: AuditLog, sessionId: string, amount: string) =>
  log.append({
    agent: 'maria',
    action: 'payment.start',
    sessionId,
    callSid: CA,
    details: { amount, currency: 'USD', method: 'credit-card' },
  });

describe('the audit log at start, with the mark of what the last start checked', () => {
  it('checks the entries appended since at open, and counts the whole chain', async () => {
    const first = new AuditLog(file);
    await charge(first, 's1', '10.00');
    await charge(first, 's2', '11.00');
    first.close();
    const second = new AuditLog(file, { fullCheckDelayMs: 60_000 });
    expect(await second.open()).toMatchObject({ ok: true, entries: 2 });
    await charge(second, 's3', '12.00');
    second.close();
    const third = new AuditLog(file, { fullCheckDelayMs: 60_000 });
    expect(await third.open()).toMatchObject({ ok: true, entries: 3 });
    await charge(third, 's4', '13.00');
    third.close();
  });

  it('an entry appended after the mark and then edited is caught at open', async () => {
    const first = new AuditLog(file);
    await charge(first, 's1', '10.00');
    first.close();
    const second = new AuditLog(file);
    await second.open();
    await charge(second, 's2', '77.00');
    second.close();
    await writeFile(file, (await readFile(file, 'utf8')).replace('"77.00"', '"7.00"'));
    const third = new AuditLog(file);
    expect(await third.open()).toMatchObject({ ok: false, brokenAt: { line: 2 } });
    expect(third.health().state).toBe('degraded');
    third.close();
  });

  it('an edit before the mark is caught by the whole-chain check that follows the start', async () => {
    const first = new AuditLog(file);
    await charge(first, 's1', '55.00');
    await charge(first, 's2', '11.00');
    first.close();
    const second = new AuditLog(file);
    await second.open(); // marks both entries as checked
    second.close();
    await writeFile(file, (await readFile(file, 'utf8')).replace('"55.00"', '"56.00"'));
    let changes = 0;
    const third = new AuditLog(file, { fullCheckDelayMs: 10, onChange: () => changes++ });
    // Only the entries after the mark are read at open.
    expect(await third.open()).toMatchObject({ ok: true, entries: 2 });
    await vi.waitFor(() => expect(third.health().state).toBe('degraded'));
    expect(third.health().detail).toMatch(/broken at line 1/);
    expect(changes).toBeGreaterThan(1);
    third.close();
  });

  it('a mark that no longer fits the log (cut back, replaced) means a check from the start', async () => {
    const first = new AuditLog(file);
    await charge(first, 's1', '10.00');
    await charge(first, 's2', '11.00');
    first.close();
    await new AuditLog(file).open();
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, `${lines[0]}\n`);
    const cut = new AuditLog(file, { fullCheckDelayMs: 60_000 });
    expect(await cut.open()).toMatchObject({ ok: true, entries: 1 });
    cut.close();
  });
});
