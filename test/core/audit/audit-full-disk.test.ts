import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '@shared/api/status';
import { FileSessionStore } from '../../../src-main/core/payments';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

vi.setConfig({ testTimeout: 40_000, hookTimeout: 20_000 });

// A real full disk: a 512 KiB tmpfs, filled up, so the kernel answers the audit log's writes with
// ENOSPC (after a partial write, as a full disk does). Mounting needs root (or a user namespace);
// where that is refused the test says so and is skipped.
let base: Awaited<ReturnType<typeof tempDir>>;
let disk: string | undefined;

beforeAll(async () => {
  base = await tempDir('full-disk-');
  const point = join(base.path, 'disk');
  await mkdir(point);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', point], { stdio: 'ignore' });
    disk = point;
  } catch {
    console.warn('full-disk test skipped: this user cannot mount a tmpfs');
  }
});
afterAll(async () => {
  if (disk) execFileSync('umount', [disk]);
  await base.cleanup();
});

/** Fills the disk to the last page. */
async function fill(dir: string) {
  for (let i = 0; ; i++) {
    try {
      await writeFile(join(dir, `filler-${i}`), Buffer.alloc(i === 0 ? 1 << 20 : 4096));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      if (i > 0) return;
    }
  }
}

describe('a full disk under the audit log', () => {
  let h: CoreHarness;
  afterAll(() => h?.close());

  it('refuses new payments with a sentence, tells the agent, loses no entry, and catches up once there is room', async (ctx) => {
    if (!disk) return ctx.skip();
    // The audit log's disk fills; the sessions' own files are kept on another, so this proves the
    // log alone (with both on the full disk, PaymentsService sends nothing it could not write down).
    h = await startCoreHarness({
      dataDir: join(disk, 'data'),
      sessions: new FileSessionStore(join(base.path, 'sessions')),
    });
    const statuses: AppStatus[] = [];
    h.core.api.subscribe((name, payload) => name === 'app.status' && statuses.push(payload as AppStatus));
    const call = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    const other = h.sandbox.control.createCall({ from: '+14155550124', to: '+14155550100' }).sid;
    const started = await h.invoke('payments.start', { callSid: call, amount: '77.00' });

    await fill(disk);
    // The agent goes on taking the card: the log runs out of room part-way (each entry is ~500 bytes).
    for (const [field, keys] of [
      ['payment-card-number', '4111111111111111#'],
      ['expiration-date', '1230#'],
      ['security-code', '123#'],
      ['postal-code', '94109#'],
    ] as const) {
      const since = h.events.length;
      await h.invoke('payments.request', { sessionId: started.id, field });
      await h.sandbox.control.pressDigits(call, keys);
      await h.until((s) => s.fields.find((f) => f.field === field)?.status === 'captured', field, since);
    }
    await h.invoke('payments.complete', { sessionId: started.id });
    await h.until((s) => s.phase === 'succeeded', 'the charge');
    const down = await waitFor(
      () => statuses.find((s) => s.health.audit?.state === 'down'),
      5000,
      'audit down',
    );
    expect(down.health.audit?.detail).toMatch(/cannot write its audit log: the disk is full/);
    await h.core.audit.flush();
    expect(h.core.audit.waiting).toBeGreaterThan(0);
    expect(h.core.status().health.audit?.detail).toMatch(/(entry waits|entries wait) in memory/);

    // A payment that could not be recorded is not started: a sentence, and nothing sent to Twilio.
    await expect(h.invoke('payments.start', { callSid: other, amount: '5.00' })).rejects.toMatchObject({
      code: 'audit_unwritable',
      message: expect.stringMatching(
        /could not write to its audit log \(the disk is full\), so it did not go ahead/,
      ),
    });

    // Room again: what waited is written, in order, and the chain holds.
    for (let i = 0; i < 200; i++) await rm(join(disk, `filler-${i}`), { force: true });
    await waitFor(() => h.core.status().health.audit?.state === 'ok', 10_000, 'audit ok again');
    expect(await h.invoke('audit.verify', {})).toMatchObject({ ok: true });
    const [charge] = h.sandbox.ledger();
    const { entries } = await h.invoke('history.list', {});
    expect(entries).toEqual([
      expect.objectContaining({ charge: true, amount: '77.00', confirmationCode: charge!.confirmationCode }),
    ]);
    expect((await readFile(h.core.audit.file, 'utf8')).endsWith('\n')).toBe(true);
    // Twilio never heard of the refused start: the same call takes a payment now.
    await expect(h.invoke('payments.start', { callSid: other, amount: '5.00' })).resolves.toMatchObject({
      phase: 'open',
    });
  });
});
