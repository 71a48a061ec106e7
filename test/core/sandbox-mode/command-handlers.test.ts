// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@shared/api/errors';
import { CallInArgs } from '@shared/api/sandbox';
import { startSandbox, type Sandbox } from '../../../src-main/sandbox';
import { sandboxCustomerHandlers } from '../../../src-main/core/sandbox-mode/customer-handlers';
import { historyFromAudit } from '../../../src-main/core/history/audit-history';
import { secretsHandlers, type SecretName } from '../../../src-main/core/settings/secrets-handlers';
import type { AuditEntry } from '../../../src-main/core/audit';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.close());

describe('the sandbox customer commands', () => {
  it('list test cards by brand and last 4 only, never a full number', async () => {
    const handlers = sandboxCustomerHandlers(() => sandbox.control);
    const { cards } = await handlers['sandbox.testCards']({});
    expect(cards.length).toBeGreaterThan(5);
    expect(cards.find((c) => c.last4 === '0002')).toMatchObject({ kind: 'card', outcome: 'decline' });
    expect(JSON.stringify(cards)).not.toMatch(/\d{8,}/);
  });

  it('call in, key a whole test card and # by its id, and hang up', async () => {
    const handlers = sandboxCustomerHandlers(() => sandbox.control);
    const call = await handlers['sandbox.callIn']({});
    expect(sandbox.control.listCalls().find((c) => c.sid === call.sid)?.status).toBe('in-progress');
    const keys: string[] = [];
    sandbox.calls.onDigit(call.sid, (d) => keys.push(d));
    const { cards } = await handlers['sandbox.testCards']({});
    const visa = cards.find((c) => c.last4 === '1111')!;
    expect(await handlers['sandbox.keyTestCard']({ callSid: call.sid, id: visa.id })).toEqual({
      callSid: call.sid,
      queued: 17,
    });
    await handlers['sandbox.press']({ callSid: call.sid, digits: '*' });
    await expect.poll(() => keys.length).toBe(18);
    expect(keys.slice(-2)).toEqual(['#', '*']);
    expect(await handlers['sandbox.callStatus']({ callSid: call.sid })).toEqual({
      callSid: call.sid,
      status: 'in-progress',
      ended: false,
    });
    await handlers['sandbox.hangup']({ callSid: call.sid });
    expect(await handlers['sandbox.callStatus']({ callSid: call.sid })).toMatchObject({ ended: true });
    expect(() => handlers['sandbox.press']({ callSid: call.sid, digits: '1' })).toThrow(/has ended/);
  });

  it('refuse, with a sentence, when the app is not in sandbox mode', async () => {
    const handlers = sandboxCustomerHandlers(() => undefined);
    await expect(handlers['sandbox.callIn']({})).rejects.toThrow(AppError);
    await expect(handlers['sandbox.callIn']({})).rejects.toThrow(/only there in sandbox mode/);
    expect(() => handlers['sandbox.press']({ callSid: 'CA1', digits: '1' })).toThrow(/only there in sandbox/);
  });

  it('take either a number to call or the softphone, not both', () => {
    expect(CallInArgs.safeParse({ softphone: true }).success).toBe(true);
    const both = CallInArgs.safeParse({ softphone: true, to: '+14155550100' });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]).toMatchObject({ path: ['to'], message: expect.stringMatching(/not both/) });
  });

  it('say to wait for the softphone when it has no sandbox number yet', async () => {
    const handlers = sandboxCustomerHandlers(
      () => sandbox.control,
      () => undefined,
    );
    await expect(handlers['sandbox.callIn']({ softphone: true })).rejects.toMatchObject({
      code: 'not_ready',
      message: expect.stringMatching(/Wait until it shows Registered/),
    });
  });
});

describe('history from the audit log', () => {
  const entry = (
    seq: number,
    action: AuditEntry['action'],
    sessionId: string,
    details: AuditEntry['details'],
  ) =>
    ({
      seq,
      at: `2026-11-26T10:00:0${seq}.000Z`,
      agent: 'maria',
      action,
      sessionId,
      callSid: 'CA1',
      details,
      prev: '',
      hash: '',
    }) as AuditEntry;

  it('makes one row per ended payment, with amount, result, brand, last 4 and code', () => {
    const rows = historyFromAudit([
      entry(1, 'payment.start', 's1', { amount: '12.50', currency: 'USD', method: 'credit-card' }),
      entry(2, 'payment.field', 's1', {
        field: 'payment-card-number',
        outcome: 'captured',
        brand: 'visa',
        last4: '1111',
      }),
      entry(3, 'payment.start', 's2', { amount: '1.00', currency: 'EUR', method: 'credit-card' }),
      entry(4, 'payment.result', 's1', {
        outcome: 'succeeded',
        result: 'success',
        confirmationCode: 'ch_1',
        brand: 'visa',
        last4: '1111',
      }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        sessionId: 's1',
        at: '2026-11-26T10:00:04.000Z',
        charge: true,
        amount: '12.50',
        currency: 'USD',
        outcome: 'succeeded',
        brand: 'visa',
        last4: '1111',
        confirmationCode: 'ch_1',
        agent: 'maria',
      }),
    ]);
  });

  it('counts a payment without an amount as a saved card', () => {
    const rows = historyFromAudit([
      entry(1, 'payment.start', 's1', { currency: 'USD', method: 'credit-card' }),
      entry(2, 'payment.result', 's1', { outcome: 'succeeded', result: 'success', tokenSaved: true }),
    ]);
    expect(rows[0]).toMatchObject({ charge: false, outcome: 'succeeded' });
  });
});

describe('the secrets commands', () => {
  it('save secrets and answer only whether each is saved', async () => {
    const saved = new Map<SecretName, string>();
    const store = {
      set: async (name: SecretName, value: string) => void saved.set(name, value),
      has: async (name: SecretName) => saved.has(name),
    };
    let changed = 0;
    const handlers = secretsHandlers(
      () => store,
      () => changed++,
    );
    const token = 'a'.repeat(32);
    const status = await handlers['settings.setSecrets']({ authToken: token });
    expect(status).toEqual({ authToken: true, apiKeySecret: false });
    expect(JSON.stringify(status)).not.toContain(token);
    expect(saved.get('authToken')).toBe(token);
    expect(changed).toBe(1);
  });

  it('save a webhook shared key and report only that one is saved', async () => {
    const saved = new Map<SecretName, string>();
    const store = {
      set: async (name: SecretName, value: string) => void saved.set(name, value),
      has: async (name: SecretName) => saved.has(name),
    };
    const handlers = secretsHandlers(() => store);
    const key = 'shared-key-secret-0123456789';
    const status = await handlers['settings.setSecrets']({ webhookSharedKey: key });
    expect(status).toEqual({ authToken: false, apiKeySecret: false, webhookSharedKey: true });
    expect(JSON.stringify(status)).not.toContain(key);
    expect(saved.get('webhookSharedKey')).toBe(key);
  });

  it('tell the user when the store cannot protect the secrets', async () => {
    const store = {
      set: async () => undefined,
      has: async () => false,
      protection: { level: 'weak' as const, warning: 'Anyone who can read your files can read them.' },
    };
    expect(await secretsHandlers(() => store)['settings.secrets']({})).toEqual({
      authToken: false,
      apiKeySecret: false,
      storageWarning: 'Anyone who can read your files can read them.',
    });
    const keychain = { ...store, protection: { level: 'os' as const } };
    expect(await secretsHandlers(() => keychain)['settings.secrets']({})).not.toHaveProperty(
      'storageWarning',
    );
  });

  it('say so when there is nowhere to keep secrets', async () => {
    const handlers = secretsHandlers(() => undefined);
    await expect(handlers['settings.setSecrets']({ authToken: 'a'.repeat(32) })).rejects.toThrow(
      /nothing was saved/,
    );
  });
});
