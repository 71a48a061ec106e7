import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/core/audit';
import { closedAfterEach } from '../../helpers/closed-after-each';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const CA = `CA${'1'.repeat(32)}`;

beforeEach(async () => {
  dir = await tempDir('audit-');
  file = join(dir.path, 'audit.jsonl');
});
afterEach(() => dir.cleanup());
const tracked = closedAfterEach();

async function writeThree(log: AuditLog) {
  await log.append({
    agent: 'maria',
    action: 'payment.start',
    sessionId: 's1',
    callSid: CA,
    details: { amount: '12.50', currency: 'USD', method: 'credit-card' },
  });
  await log.append({
    agent: 'maria',
    action: 'payment.field',
    sessionId: 's1',
    callSid: CA,
    details: { field: 'payment-card-number', outcome: 'captured', brand: 'visa', last4: '1111' },
  });
  await log.append({
    agent: 'maria',
    action: 'payment.result',
    sessionId: 's1',
    callSid: CA,
    details: { result: 'success', confirmationCode: 'ch_1' },
  });
}

describe('audit log', () => {
  it('appends hash-chained JSON lines that verify', async () => {
    const log = tracked(new AuditLog(file));
    await writeThree(log);
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(lines[1].prev).toBe(lines[0].hash);
    expect(lines[0]).toMatchObject({ agent: 'maria', action: 'payment.start', details: { amount: '12.50' } });
    expect(await log.verify()).toEqual({ ok: true, entries: 3, file, sealChecked: true });
  });

  it('continues the chain across restarts', async () => {
    await writeThree(tracked(new AuditLog(file)));
    const again = tracked(new AuditLog(file));
    await again.append({ agent: 'maria', action: 'payment.cancel', sessionId: 's2', callSid: CA });
    expect(await again.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('keeps concurrent appends in one unbroken chain', async () => {
    const log = tracked(new AuditLog(file));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        log.append({ agent: 'a', action: 'payment.request', sessionId: `s${i}`, callSid: CA }),
      ),
    );
    expect(await log.verify()).toMatchObject({ ok: true, entries: 20 });
  });

  it('reports the line where an edited entry breaks the chain', async () => {
    const log = tracked(new AuditLog(file));
    await writeThree(log);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"confirmationCode":"ch_1"', '"confirmationCode":"ch_2"'));
    expect(await log.verify()).toMatchObject({ ok: false, entries: 2, brokenAt: { line: 3 } });
  });

  it('reports a removed entry', async () => {
    const log = tracked(new AuditLog(file));
    await writeThree(log);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    await writeFile(file, `${lines[0]}\n${lines[2]}\n`);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, brokenAt: { line: 2 } });
  });

  it('reports a line that is not JSON', async () => {
    const log = tracked(new AuditLog(file));
    await writeThree(log);
    await writeFile(file, `${await readFile(file, 'utf8')}garbage\n`);
    expect(await tracked(new AuditLog(file)).verify()).toMatchObject({
      ok: false,
      brokenAt: { line: 4, reason: 'The line is not valid JSON.' },
    });
  });

  it('keeps card data to brand and last 4, whatever it is handed', async () => {
    const log = tracked(new AuditLog(file));
    await log.append({
      agent: 'maria',
      action: 'payment.field',
      sessionId: 's1',
      callSid: CA,
      details: {
        last4: '4111111111111111',
        reason: 'customer read 4111111111111111 aloud',
        brand: 'visa',
        ...({ cardNumber: '4111111111111111', securityCode: '123' } as object),
      },
    });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('41111111');
    expect(text).not.toContain('securityCode');
    expect(JSON.parse(text).details).toEqual({ brand: 'visa', reason: 'customer read [redacted] aloud' });
  });
});
