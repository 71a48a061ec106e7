/** One charge or token the test connector made; card data is brand and last 4 only. */
export interface LedgerEntry {
  kind: 'charge' | 'token';
  paymentSid: string;
  callSid: string;
  /** Decimal string, e.g. `12.00`; absent for a token. */
  amount?: string;
  currency?: string;
  /** Card brand (`visa`, …) or `ach` for a bank account. */
  brand: string;
  /** Last 4 of a card, last 2 of a bank account. */
  last4: string;
  confirmationCode?: string;
  token?: string;
  /** The payment's Description, as the connector posts it on the transaction. */
  description?: string;
  date: string;
}

/** Append-only record of what the connector did, keyed so one payment can never be charged twice. */
export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();

  /** Records the entry unless this payment already has one; returns whichever is on the books. */
  record(entry: LedgerEntry): LedgerEntry {
    const existing = this.entries.get(entry.paymentSid);
    if (existing) return existing;
    this.entries.set(entry.paymentSid, entry);
    return entry;
  }

  find(paymentSid: string): LedgerEntry | undefined {
    return this.entries.get(paymentSid);
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }
}
