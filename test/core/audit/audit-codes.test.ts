import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/core/audit';
import { readAuditHistory } from '../../../src-main/core/history/audit-history';
import { scanTree } from '../../../src-main/core/diagnostics/card-scan';
import { historyCsv } from '../../../src-renderer/src/lib/csv';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const CA = `CA${'1'.repeat(32)}`;
// Built at run time so this file never holds a card number in one piece.
const VISA = ['4111', '1111', '1111', '1111'].join('');

beforeEach(async () => {
  dir = await tempDir('audit-codes-');
  file = join(dir.path, 'audit.jsonl');
});
afterEach(() => dir.cleanup());

async function pay(log: AuditLog, sessionId: string, result: Record<string, unknown>) {
  const base = { agent: 'maria', sessionId, callSid: CA } as const;
  await log.append({ ...base, action: 'payment.start', details: { amount: '77.00', currency: 'USD' } });
  await log.append({
    ...base,
    action: 'payment.result',
    details: { outcome: 'succeeded', result: 'success', ...result },
  });
}

describe('confirmation codes and tokens in the audit log', () => {
  it.each([
    ['a connector code with long digit runs', 'ch_76177285897e8535d24965d4'],
    ['a code of digits only', '0012345678'],
    ['a reference with dashes', 'TXN-2026-000000123456'],
  ])('keeps %s exactly, for History, its CSV and its search', async (_label, code) => {
    const log = new AuditLog(file);
    await pay(log, 's1', { confirmationCode: code });
    const [row] = await readAuditHistory(file);
    expect(row).toMatchObject({ confirmationCode: code, amount: '77.00', charge: true });
    expect(historyCsv([row!])).toContain(code);
    expect(await readFile(file, 'utf8')).toContain(`"confirmationCode":"${code}"`);
    expect(await log.verify()).toMatchObject({ ok: true });
  });

  it('keeps a saved card token exactly, so History still has it after a restart', async () => {
    const log = new AuditLog(file);
    await pay(log, 's1', { token: 'card_00112233445566778899aabb', tokenSaved: true });
    expect((await readAuditHistory(file))[0]?.token).toBe('card_00112233445566778899aabb');
  });

  it('still cuts a card number out of free text, and drops a code that is not shaped like one', async () => {
    const log = new AuditLog(file);
    await pay(log, 's1', {
      reason: `card ${VISA} was declined`,
      confirmationCode: `code with spaces ${VISA}`,
    });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(VISA.slice(0, 8));
    const [row] = await readAuditHistory(file);
    expect(row?.confirmationCode).toBeUndefined();
    expect(JSON.parse(text.trim().split('\n')[1]!).details.reason).toBe('card [redacted] was declined');
  });

  it("never trips the card-data scanner with the sandbox's codes, even when their hex is all digits", async () => {
    // The sandbox's codes are ch_ + 24 hex digits; the scanner ignores digit runs inside a token.
    const log = new AuditLog(file);
    await pay(log, 's1', { confirmationCode: `ch_${VISA}41111111` });
    await pay(log, 's2', { confirmationCode: `ch_${'0'.repeat(24)}` });
    expect(await scanTree(dir.path)).toEqual([]);
  });
});
