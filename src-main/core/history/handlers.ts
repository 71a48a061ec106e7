import type { HistoryEntry } from '@shared/api/history';
import { isTerminal, type PaymentSession } from '@shared/payments/session';
import type { Handlers } from '../api/host';
import type { HistoryPage } from './history-index';
import type { HistoryPageRequest } from './history-view';

/** Where pages of past payments come from: the history index beside the audit log. */
export type HistoryPager = (request: HistoryPageRequest) => Promise<HistoryPage>;

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

/** `history.list`: newest first, a page at a time, filtered in the core. */
export function historyHandlers(pager: HistoryPager): Pick<Handlers, 'history.list'> {
  return {
    'history.list': (args) => pager(args),
  };
}
