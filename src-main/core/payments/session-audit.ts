import { awaitsResult, isTerminal, type PaymentSession } from '@shared/payments';
import type { AuditRecord } from '../audit';

/** Seals a saved card's token and profile id for the audit log (saved-cards/vault.ts). */
export type SealSavedCard = (card: { token: string; profileId?: string }, sessionId: string) => string;

/**
 * The audit entries a state change deserves: field outcomes and the session's end. A saved card's
 * token goes in sealed, or not at all when there is nothing to seal it with.
 */
export function auditChanges(
  before: PaymentSession,
  after: PaymentSession,
  seal?: SealSavedCard,
): AuditRecord[] {
  const base = {
    agent: after.agent,
    sessionId: after.id,
    callSid: after.callSid,
    paymentSid: after.paymentSid,
  };
  const records: AuditRecord[] = [];
  for (const field of after.fields) {
    const was = before.fields.find((f) => f.field === field.field);
    const settled = field.status === 'captured' || field.status === 'error';
    if (!settled || (was?.status === field.status && was.errorType === field.errorType)) continue;
    records.push({
      ...base,
      action: 'payment.field',
      details: {
        field: field.field,
        outcome: field.status,
        errorType: field.errorType,
        ...(field.field === 'payment-card-number' && field.status === 'captured'
          ? { brand: after.card.brand, last4: after.card.last4 }
          : {}),
      },
    });
  }
  // A Result for a completion that had ended without one is its real end.
  const lateResult = awaitsResult(before) && !awaitsResult(after);
  if ((!isTerminal(before.phase) && isTerminal(after.phase)) || lateResult) {
    records.push({
      ...base,
      action: after.phase === 'ended' ? 'payment.ended' : 'payment.result',
      details: {
        outcome: after.phase,
        result: after.result?.result,
        confirmationCode: after.result?.confirmationCode,
        savedCard: savedCard(after, seal),
        payErrorCode: after.result?.payErrorCode,
        brand: after.card.brand,
        last4: after.card.last4,
        tokenSaved: after.result?.token !== undefined,
        reason: after.result?.paymentError,
      },
    });
  }
  return records;
}

function savedCard(s: PaymentSession, seal: SealSavedCard | undefined): string | undefined {
  const token = s.result?.token;
  return token !== undefined && seal ? seal({ token, profileId: s.result?.profileId }, s.id) : undefined;
}
