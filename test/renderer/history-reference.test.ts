import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '@shared/api/history';
import { HistoryState } from '../../src-renderer/src/lib/history-state.svelte';
import { historyCsv } from '../../src-renderer/src/lib/csv';
import { PaymentForm } from '../../src-renderer/src/lib/payment-form.svelte';
import { fakeApi } from './fake-api';

const entries: HistoryEntry[] = [
  {
    sessionId: 'a',
    at: '2026-01-02T10:00:00Z',
    charge: true,
    amount: '42.00',
    currency: 'USD',
    outcome: 'succeeded',
    reference: 'INV-2041',
  },
  {
    sessionId: 'b',
    at: '2026-01-02T09:00:00Z',
    charge: true,
    amount: '9.00',
    currency: 'USD',
    outcome: 'failed',
  },
];

describe('the reference in History and the CSV', () => {
  it('finds a payment by its reference', async () => {
    const { api } = fakeApi({ 'history.list': () => ({ entries }) });
    const history = new HistoryState(api);
    await history.load();
    history.query = 'inv-2041';
    expect(history.visible.map((e) => e.sessionId)).toEqual(['a']);
  });

  it('exports the reference as its own column when a payment has one', () => {
    const lines = historyCsv(entries).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').at(-1)).toBe('reference');
    expect(lines[1]!.endsWith(',INV-2041')).toBe(true);
    expect(lines[2]!.endsWith(',')).toBe(true);
  });

  it('sends the typed reference as the start’s description, and refuses a card number in it', () => {
    const form = new PaymentForm();
    form.amount = '42.00';
    form.description = ' INV-2041 ';
    expect(form.args('CA' + '1'.repeat(32))).toMatchObject({ description: 'INV-2041' });
    form.description = '1234-5678-9012-3456';
    expect(form.visibleError('description')).toMatch(/cannot hold a card number/);
  });
});
