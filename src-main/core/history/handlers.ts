import { AppError } from '@shared/api/errors';
import type { HistoryEntry } from '@shared/api/history';
import { isTerminal, type PaymentSession } from '@shared/payments/session';
import type { Handlers } from '../api/host';
import type { AuditRecord } from '../audit';
import { maskToken } from '../saved-cards';

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

/** A row as History shows it without asking: the saved card masked, its credential left out. */
export function maskedEntry(e: HistoryEntry): HistoryEntry {
  if (e.token === undefined) return e;
  const { token, profileId, ...rest } = e;
  return {
    ...rest,
    savedCard: { token: maskToken(token), ...(profileId ? { profileId: maskToken(profileId) } : {}) },
  };
}

export interface HistoryDeps {
  source: HistorySource;
  /** Who is asking (the agent), for the audit entry a copied credential leaves. */
  agent: () => string;
  audit: (record: AuditRecord) => void;
}

/** `history.list` (newest first, at most `limit`; saved cards in full only when asked) and `history.savedCard`. */
export function historyHandlers({
  source,
  agent,
  audit,
}: HistoryDeps): Pick<Handlers, 'history.list' | 'history.savedCard'> {
  return {
    'history.list': async ({ limit, savedCards }) => {
      const entries = [...(await source())].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
      return { entries: savedCards ? entries : entries.map(maskedEntry) };
    },
    'history.savedCard': async ({ sessionId }) => {
      const entry = (await source()).find((e) => e.sessionId === sessionId);
      if (entry?.token === undefined)
        throw new AppError('not_found', 'That payment saved no card, or its token can no longer be read.');
      // Copying a credential is worth a line in the log: who took it, for which payment.
      audit({
        agent: agent(),
        action: 'saved-card.copied',
        sessionId,
        callSid: entry.callSid ?? '',
        details: {},
      });
      return { token: entry.token, profileId: entry.profileId, connector: entry.connector };
    },
  };
}
