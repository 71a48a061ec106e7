import { AppError } from '@shared/api';
import type { HistoryEntry } from '@shared/api';
import { isTerminal, type PaymentSession } from '@shared/payments/session';
import type { Handlers } from '../api/host';
import type { AuditRecord } from '../audit';
import { maskToken, type SavedCardVault } from '../saved-cards';
import type { HistoryRow } from './fold';
import type { HistoryBook } from './history-book';

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
  book: Pick<HistoryBook, 'page' | 'row'>;
  /** Opens saved cards' sealed tokens; without it a sealed token is left out. */
  vault?: SavedCardVault;
  /** Who is asking (the agent), for the audit entry a copied credential leaves. */
  agent: () => string;
  audit: (record: AuditRecord) => void;
}

/**
 * `history.list` (newest first, a page at a time, filtered in the core; saved cards in full only
 * when asked) and `history.savedCard`.
 */
export function historyHandlers({
  book,
  vault,
  agent,
  audit,
}: HistoryDeps): Pick<Handlers, 'history.list' | 'history.savedCard'> {
  const opened = ({ sealedCard, ...row }: HistoryRow): HistoryEntry => {
    const card = sealedCard ? vault?.unseal(sealedCard, row.sessionId) : undefined;
    return card ? { ...row, token: card.token, profileId: card.profileId } : row;
  };
  return {
    'history.list': async ({ savedCards, ...request }) => {
      const page = await book.page(request);
      const entries = page.entries.map(opened);
      return { ...page, entries: savedCards ? entries : entries.map(maskedEntry) };
    },
    'history.savedCard': async ({ sessionId }) => {
      const row = await book.row(sessionId);
      const entry = row && opened(row);
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
