/** Moves focus to the payment form's first field to fill (the amount, when charging). */
export function focusPaymentForm(): void {
  const form = document.querySelector('.start-form');
  const target =
    form?.querySelector<HTMLElement>('#amount') ??
    form?.querySelector<HTMLElement>('input:not([type="radio"]):not(:disabled), select:not(:disabled)');
  target?.focus();
}
