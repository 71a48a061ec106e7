import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaymentSession } from '@shared/payments';
import type { HistoryEntry } from '@shared/api/history';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { scanTree } from '../../../src-main/core/diagnostics/card-scan';
import { startCallbackGate, type CallbackGate } from '../../helpers/callback-gate';
import { coreProcess, freePort, type CoreProcess } from '../../helpers/core-process';
import { writeLiveSettings } from '../../helpers/live-mode';
import { tempDir } from '../../helpers/temp-dir';

// Each test starts a core in a child process more than once: tsx start-up on a busy machine.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

let sandbox: Sandbox;
let gate: CallbackGate;
let core: CoreProcess;
let dir: Awaited<ReturnType<typeof tempDir>>;
let callSid: string;

beforeEach(async () => {
  dir = await tempDir('crash-');
  sandbox = await startSandbox({ timeScale: 0.02 });
  const webhookPort = await freePort();
  gate = await startCallbackGate(() => `http://127.0.0.1:${webhookPort}`);
  await writeLiveSettings(dir.path, sandbox.credentials.accountSid, 'crash');
  core = coreProcess({
    dataDir: dir.path,
    restBaseUrl: sandbox.url,
    authToken: sandbox.credentials.authToken,
    webhookPort,
    publicUrl: gate.url,
    resultTimeoutMs: 60_000,
  });
  await core.start();
  callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
});

afterEach(async () => {
  await core.stop();
  await gate.close();
  await sandbox.close();
  await dir.cleanup();
});

async function invoke(name: string, args: unknown) {
  const envelope = await core.invoke(name, args);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as PaymentSession;
}

const field = (s: PaymentSession, name: string) => s.fields.find((f) => f.field === name)!;

async function capture(id: string, name: string, keys: string) {
  await invoke('payments.request', { sessionId: id, field: name });
  await sandbox.control.pressDigits(callSid, keys);
  return core.until((s) => s.id === id && field(s, name).status === 'captured', `${name} captured`);
}

async function startAndCapture(amount = '99.00') {
  const started = await invoke('payments.start', { callSid, amount });
  expect(started.phase).toBe('open');
  await capture(started.id, 'payment-card-number', '4111111111111111#');
  await capture(started.id, 'expiration-date', '1230#');
  await capture(started.id, 'security-code', '123#');
  await capture(started.id, 'postal-code', '94109#');
  return started;
}

async function history(): Promise<HistoryEntry[]> {
  const envelope = await core.invoke('history.list', { limit: 50 });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as { entries: HistoryEntry[] }).entries;
}

describe('a core killed with SIGKILL and started again', () => {
  it('after Complete: shows "Result unknown" until the late Result arrives, then the charge, in History, and refuses to charge twice', async () => {
    const started = await startAndCapture();
    // The Result is on its way but has not reached Callpay when it dies.
    gate.hold();
    await invoke('payments.complete', { sessionId: started.id });
    await vi.waitFor(() => expect(sandbox.ledger()).toHaveLength(1), { timeout: 15_000 });
    await core.kill();
    await core.start();

    const restored = await core.until((s) => s.id === started.id, 'the restored session');
    expect(restored.phase).toBe('completing');
    expect(restored.alert?.code).toBe('result_unknown');
    expect(restored.message).toMatch(/^Result unknown: check before charging again/);
    // Taking it again is refused while the first one's result is unknown.
    const again = await core.invoke('payments.start', { callSid, amount: '99.00' });
    expect(again).toMatchObject({ ok: false, error: { code: 'result_unknown' } });

    await gate.release();
    const done = await core.until((s) => s.id === started.id && s.phase === 'succeeded', 'the late Result');
    expect(done.result?.confirmationCode).toBe(sandbox.ledger()[0]!.confirmationCode);
    await vi.waitFor(
      async () =>
        expect((await history()).map((r) => [r.sessionId, r.outcome])).toContainEqual([
          started.id,
          'succeeded',
        ]),
      { timeout: 10_000 },
    );
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('after Complete with the Result lost: the agent confirms the charge did not happen and only then may start again', async () => {
    const started = await startAndCapture();
    gate.hold();
    await invoke('payments.complete', { sessionId: started.id });
    await vi.waitFor(() => expect(gate.held).toBeGreaterThan(0), { timeout: 15_000 });
    await core.kill();
    gate.drop();
    await core.start();
    await core.until((s) => s.id === started.id && s.alert?.code === 'result_unknown', 'result unknown');
    const refused = await core.invoke('payments.start', { callSid, amount: '99.00' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'result_unknown' } });
    const confirmed = await core.invoke('payments.start', {
      callSid,
      amount: '99.00',
      confirmUnknownResult: true,
    });
    // Twilio had completed the first session, so a new one opens on the call.
    expect(confirmed.ok).toBe(true);
    const setAside = await core.until(
      (s) => s.id === started.id && s.phase === 'ended',
      'the first one set aside',
    );
    expect(setAside.result?.result).toBe('result-unknown');
  });

  it('mid-capture: the restored session is told apart, can be cancelled, and the call takes a payment again', async () => {
    const started = await invoke('payments.start', { callSid, amount: '42.00' });
    await capture(started.id, 'payment-card-number', '4111111111111111#');
    await invoke('payments.request', { sessionId: started.id, field: 'expiration-date' });
    await core.kill();
    await core.start();

    const restored = await core.until((s) => s.id === started.id, 'the restored session');
    expect(restored.phase).toBe('open');
    expect(restored.alert?.code).toBe('restored_open');
    expect(field(restored, 'payment-card-number')).toMatchObject({
      status: 'captured',
      display: expect.stringContaining('1111'),
    });
    expect(field(restored, 'expiration-date').status).toBe('error');
    // Still open at Twilio: a second payment is refused until this one is cancelled.
    expect(await core.invoke('payments.start', { callSid, amount: '42.00' })).toMatchObject({
      ok: false,
      error: { code: 'session_open' },
    });
    await invoke('payments.cancel', { sessionId: started.id });
    await core.until((s) => s.id === started.id && s.phase === 'cancelled', 'cancelled');

    const second = await startAndCapture('42.00');
    await invoke('payments.complete', { sessionId: second.id });
    await core.until((s) => s.id === second.id && s.phase === 'succeeded', 'the second payment');
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('mid-capture: the restored session carries on capturing after a restart', async () => {
    const started = await invoke('payments.start', { callSid, amount: '12.00' });
    await capture(started.id, 'payment-card-number', '4111111111111111#');
    // Killed while Twilio listens for the expiry date.
    await invoke('payments.request', { sessionId: started.id, field: 'expiration-date' });
    await core.kill();
    await core.start();
    await core.until((s) => s.id === started.id && s.alert?.code === 'restored_open', 'restored');
    await capture(started.id, 'expiration-date', '1230#');
    await capture(started.id, 'security-code', '123#');
    await capture(started.id, 'postal-code', '94109#');
    await invoke('payments.complete', { sessionId: started.id });
    await core.until((s) => s.id === started.id && s.phase === 'succeeded', 'success');
    expect(sandbox.ledger()).toHaveLength(1);
  });

  it('keeps sessions in an owner-only file with no card data', async () => {
    await startAndCapture();
    await core.kill();
    const sessions = join(dir.path, 'sessions');
    const files = await readdir(sessions);
    expect(files).toEqual(['journal.jsonl']);
    if (process.platform !== 'win32')
      expect((await stat(join(sessions, files[0]!))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(sessions, files[0]!), 'utf8')).not.toContain('4111111111111111');
    expect(await scanTree(sessions)).toEqual([]);
    await core.start();
  });
});
