import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryList, SavedCard } from '@shared/api/history';
import type { PaymentSession } from '@shared/payments';
import { createCore, type Core } from '../../../src-main/core/compose';
import { historyCsv } from '../../../src-renderer/src/lib/csv';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 20_000 });

const CARD_NUMBER = ['4111', '1111', '1111', '1111'].join('');
let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await dir?.cleanup();
});

const start = (dataDir: string) =>
  createCore({ dataDir, version: '0.0.0-test', sandbox: { timeScale: 0.02 }, restTimeoutMs: 400 });

async function invoke<T>(c: Core, name: string, args: unknown): Promise<T> {
  const envelope = await c.api.dispatch(name, args);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

/** Saves a card (tokenize) on a sandbox call and returns the finished session. */
async function saveCard(c: Core): Promise<PaymentSession> {
  const sandbox = c.sandbox()!;
  const callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550199' }).sid;
  const s = await invoke<PaymentSession>(c, 'payments.start', {
    callSid,
    tokenType: 'reusable',
    postalCode: false,
  });
  const seen: PaymentSession[] = [];
  c.api.subscribe((name, payload) => name === 'payments.session' && seen.push(payload as PaymentSession));
  for (const [field, digits] of [
    ['payment-card-number', `${CARD_NUMBER}#`],
    ['expiration-date', '0931#'],
    ['security-code', '321#'],
  ] as const) {
    await invoke(c, 'payments.request', { sessionId: s.id, field });
    await sandbox.control.pressDigits(callSid, digits);
    await waitFor(
      () => seen.find((x) => x.fields.find((f) => f.field === field)?.status === 'captured'),
      10_000,
      field,
    );
  }
  await invoke(c, 'payments.complete', { sessionId: s.id });
  return waitFor(() => seen.find((x) => x.phase === 'succeeded'), 10_000, 'saved');
}

describe('the saved card: a credential kept deliberately, encrypted at rest', () => {
  it('keeps the token sealed on disk, masked in History, in full only when asked, and after a restart', async () => {
    dir = await tempDir('saved-card-');
    const dataDir = join(dir.path, 'data');
    core = await start(dataDir);
    const done = await saveCard(core);
    const token = done.result!.token!;
    expect(token).toBeTruthy();
    await core.payments.flush();
    await core.audit.flush();

    // Nowhere in the data folder in the clear: not the audit log, not the session files.
    const audit = await readFile(join(dataDir, 'audit.jsonl'), 'utf8');
    expect(audit).not.toContain(token);
    expect(audit).toMatch(/"savedCard":"v1\./);
    expect(audit).toContain('"connector":"Default"');
    for (const name of await readdir(join(dataDir, 'sessions')))
      expect(await readFile(join(dataDir, 'sessions', name), 'utf8')).not.toContain(token);

    const masked = await invoke<HistoryList>(core, 'history.list', {});
    const row = masked.entries[0]!;
    expect(row.token).toBeUndefined();
    expect(row.savedCard?.token).toBe(`card_••••${token.slice(-4)}`);
    expect(JSON.stringify(masked)).not.toContain(token);

    const copied = await invoke<SavedCard>(core, 'history.savedCard', { sessionId: done.id });
    expect(copied).toMatchObject({ token, connector: 'Default' });
    const full = await invoke<HistoryList>(core, 'history.list', { savedCards: true });
    expect(full.entries[0]?.token).toBe(token);
    expect(historyCsv(full.entries, { savedCards: true })).toContain(token);
    expect(historyCsv(masked.entries)).not.toContain(token);
    expect(await core.audit.verify()).toMatchObject({ ok: true });

    await core.stop();
    core = await start(dataDir);
    expect((await invoke<SavedCard>(core, 'history.savedCard', { sessionId: done.id })).token).toBe(token);
    // The session read back after the restart still shows its token on the result card.
    const [restored] = (
      await invoke<{ sessions: PaymentSession[] }>(core, 'payments.get', { sessionId: done.id })
    ).sessions;
    expect(restored?.result?.token).toBe(token);
    // Copying the credential is in the audit log, with who did it.
    expect(await readFile(join(dataDir, 'audit.jsonl'), 'utf8')).toContain('"action":"saved-card.copied"');
  });
});
