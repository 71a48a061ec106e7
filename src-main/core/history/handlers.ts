import type { HistoryEntry } from '@shared/api/history';
import { isTerminal, type PaymentSession } from '@shared/payments/session';
import type { Handlers } from '../api/host';

/** Where past payments come from: the audit log, or this run's sessions until it exists. */
export type HistorySource = () => Promise<HistoryEntry[]> | HistoryEntry[];

/** A finished session as one history row; undefined while it is still open. */
export function entryFromSession(s: PaymentSession): HistoryEntry | undefined {
  if (!isTerminal(s.phase)) return undefined;
  return {
    sessionId: s.id,
    at: s.updatedAt,
    callSid: s.callSid,
    method: s.method,
    charge: s.charge,
    amount: s.amount,
    currency: s.currency,
    outcome: s.phase,
    result: s.result?.result,
    brand: s.method === 'ach-debit' ? 'bank account' : s.card.brand,
    last4: s.method === 'ach-debit' ? s.bank.accountLast2 : s.card.last4,
    confirmationCode: s.result?.confirmationCode,
    token: s.result?.token,
    agent: s.agent,
  };
}

/** `history.list`: newest first, at most `limit`. */
export function historyHandlers(source: HistorySource): Pick<Handlers, 'history.list'> {
  return {
    'history.list': async ({ limit }) => {
      const entries = [...(await source())].sort((a, b) => b.at.localeCompare(a.at));
      return { entries: entries.slice(0, limit) };
    },
  };
}
