import { describe, expect, it } from 'vitest';
import { PaymentForm } from '../../src-renderer/src/lib/payment-form.svelte';
import { SettingsState } from '../../src-renderer/src/lib/settings-state.svelte';
import { HistoryState } from '../../src-renderer/src/lib/history-state.svelte';
import { historyCsv } from '../../src-renderer/src/lib/csv';
import { fakeApi } from './fake-api';

describe('the start form', () => {
  it('checks the amount against the currency’s minor units as it is typed', () => {
    const form = new PaymentForm();
    form.amount = '12.345';
    expect(form.visibleError('amount')).toMatch(/at most 2 decimal places/);
    form.currency = 'KWD';
    // Twilio's ChargeAmount follows the currency (64003): KWD has 3 decimals.
    expect(form.visibleError('amount')).toBeUndefined();
    expect(form.preview).toMatch(/12\.345/);
    form.amount = '12.3456';
    expect(form.visibleError('amount')).toMatch(/at most 3 decimal places/);
    form.currency = 'USD';
    form.amount = '12.34';
    expect(form.visibleError('amount')).toBeUndefined();
    expect(form.preview).toMatch(/12\.34/);
    form.currency = 'JPY';
    form.amount = '1250.5';
    expect(form.visibleError('amount')).toMatch(/whole number/);
  });

  it('saves a card with a token type and no amount, and needs a holder name for a bank account', () => {
    const form = new PaymentForm();
    form.purpose = 'save';
    form.tokenType = 'one-time';
    expect(form.valid).toBe(true);
    expect(form.args('CA' + '1'.repeat(32))).toMatchObject({ tokenType: 'one-time' });
    expect(form.args('CA' + '1'.repeat(32))).not.toHaveProperty('amount');
    form.method = 'ach-debit';
    expect(form.valid).toBe(false);
    form.accountHolder = 'Ada Lovelace';
    expect(form.args('CA' + '1'.repeat(32))).toMatchObject({ parameters: { AVSName: 'Ada Lovelace' } });
    expect(form.valid).toBe(true);
  });

  it('refuses an empty list of card types and a timeout that is not whole seconds', () => {
    const form = new PaymentForm();
    form.amount = '5';
    for (const t of ['visa', 'mastercard', 'amex'] as const) form.toggleCardType(t, false);
    expect(form.errors.validCardTypes).toMatch(/at least one card type/);
    form.toggleCardType('visa', true);
    form.timeout = '2.5';
    expect(form.errors.timeout).toMatch(/whole number/);
  });
});

describe('the settings form', () => {
  it('validates each credential as it is typed and never keeps a saved secret on screen', async () => {
    const { api, calls } = fakeApi({
      'settings.set': () => ({}),
      'setup.account': () => ({ apiKeySid: 'SK1', twimlAppSid: 'AP1', numbers: [] }),
      'settings.secrets': () => ({ authToken: true, apiKeySecret: true }),
    });
    const settings = new SettingsState(api);
    settings.values.accountSid = 'AC123';
    expect(settings.errors.accountSid).toMatch(/AC followed by 32/);
    settings.values.accountSid = 'AC' + 'f'.repeat(32);
    settings.values.authToken = 'x'.repeat(32);
    settings.values.callerId = '555';
    expect(settings.valid).toBe(false);
    settings.values.callerId = '+14155550100';
    await settings.save();
    // The Account SID and Auth Token go to Twilio's check together, before anything is saved.
    expect(calls.map((c) => c.name)).toEqual(['setup.account', 'settings.set', 'settings.secrets']);
    expect(calls[1]!.args).toEqual({ twilio: { callerId: '+14155550100' } });
    expect(settings.values.authToken).toBe('');
    expect(settings.savedSecrets.authToken).toBe(true);
  });

  it('clears an emptied Account SID instead of keeping the saved one', async () => {
    const { api, calls } = fakeApi({
      'settings.set': () => ({}),
      'settings.secrets': () => ({ authToken: true, apiKeySecret: true }),
    });
    const settings = new SettingsState(api);
    await settings.load({
      agentIdentity: 'agent',
      twilio: { accountSid: 'AC' + 'f'.repeat(32) },
      tunnel: { provider: 'localtunnel' },
    });
    settings.values.accountSid = '';
    await settings.save();
    expect(calls.find((c) => c.name === 'settings.set')?.args).toEqual({ twilio: { accountSid: null } });
    expect(settings.message).toBe('Saved.');
  });
});

describe('history', () => {
  const entries = [
    {
      sessionId: 'a',
      at: '2026-11-26T10:00:00Z',
      charge: true,
      amount: '12.50',
      currency: 'USD',
      outcome: 'succeeded',
      brand: 'visa',
      last4: '1111',
      confirmationCode: 'CONF1',
    },
    {
      sessionId: 'b',
      at: '2026-11-26T09:00:00Z',
      charge: true,
      amount: '3.00',
      currency: 'EUR',
      outcome: 'failed',
      brand: 'visa',
      last4: '0002',
      confirmationCode: '=HYPERLINK("x")',
    },
  ];

  it('filters by result and by text', async () => {
    const { api } = fakeApi({ 'history.list': () => ({ entries }) });
    const history = new HistoryState(api);
    await history.load();
    history.outcome = 'failed';
    expect(history.visible.map((e) => e.sessionId)).toEqual(['b']);
    history.outcome = 'all';
    history.query = 'conf1';
    expect(history.visible.map((e) => e.sessionId)).toEqual(['a']);
  });

  it('exports CSV that a spreadsheet cannot run as a formula', () => {
    const csv = historyCsv(entries);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'time,type,amount,currency,result,twilio_result,brand,last4,confirmation_code,session,call_sid,agent',
    );
    expect(lines[1]).toContain('12.50,USD,succeeded,,visa,1111,CONF1');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
