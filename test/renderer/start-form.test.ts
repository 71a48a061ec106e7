import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StartForm from '../../src-renderer/src/components/StartForm.svelte';
import { PaymentState } from '../../src-renderer/src/lib/payment-state.svelte';
import { CALL, fakeApi } from './fake-api';

describe('the start form for a bank payment', () => {
  it('asks for the account holder’s name and says why Start is disabled until it is given', async () => {
    const payment = new PaymentState(fakeApi({ 'calls.list': () => ({ calls: [] }) }).api);
    payment.setActiveCall(CALL);
    payment.form.amount = '40.00';
    render(StartForm, { payment });
    await fireEvent.click(screen.getByLabelText('Bank account'));
    const start = screen.getByRole<HTMLButtonElement>('button', { name: 'Start payment' });
    expect(start.disabled).toBe(true);
    expect(start.getAttribute('aria-describedby')).toBe('start-hint');
    expect(screen.getByText(/account holder’s name/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Account holder name'), {
      target: { value: 'Ada Lovelace' },
    });
    expect(start.disabled).toBe(false);
    expect(screen.queryByText(/account holder’s name/)).toBeNull();
  });
});
