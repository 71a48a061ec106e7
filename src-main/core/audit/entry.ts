import { createHash } from 'node:crypto';
import { E164, MessageSid } from '@shared/domain/sids';
import { identifier, redactCardNumbers } from './card-guard';

/** What the audit log records: who did what to which payment. */
export type AuditAction =
  | 'payment.start'
  | 'payment.request'
  | 'payment.field'
  | 'payment.complete'
  | 'payment.cancel'
  | 'payment.result'
  | 'payment.ended'
  | 'recording.started'
  | 'recording.start_failed'
  | 'recording.paused'
  | 'recording.pause_failed'
  | 'recording.resumed'
  | 'recording.resume_failed'
  | 'recording.stopped'
  | 'recording.stop_failed'
  | 'saved-card.copied'
  | 'receipt.send'
  | 'receipt.status';

/** The details an entry may hold. Card data is limited to brand and last 4, by construction. */
export interface AuditDetails {
  amount?: string;
  currency?: string;
  method?: string;
  field?: string;
  outcome?: string;
  errorType?: string;
  result?: string;
  confirmationCode?: string;
  /** The saved card's or account's token (tokenize): what the business keeps instead of the card. */
  token?: string;
  payErrorCode?: number;
  brand?: string;
  last4?: string;
  tokenSaved?: boolean;
  reason?: string;
  /** The call recording an entry is about (RE…). */
  recordingSid?: string;
  /** What the business calls the payment (an invoice or order number), sent as Twilio's Description. */
  reference?: string;
  /** The saved card's token and profile id, sealed (AES-256-GCM, saved-cards/vault.ts). */
  savedCard?: string;
  /** The Pay Connector a payment went through. */
  connector?: string;
  /** A texted receipt: ours, Twilio's Message SID, the customer's number, its status and error code. */
  receiptId?: string;
  messageSid?: string;
  to?: string;
  messageStatus?: string;
  errorCode?: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  agent: string;
  action: AuditAction;
  sessionId: string;
  callSid: string;
  paymentSid?: string;
  details: AuditDetails;
  prev: string;
  hash: string;
  /** HMAC-SHA256 of `hash` with the audit key: what a rewrite without the key cannot forge. */
  mac: string;
}

export const GENESIS = '0'.repeat(64);

// A sealed saved card: version, IV, ciphertext, GCM tag (base64url); nothing else gets into that field.
const SEALED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{22}$/;

/** Whether a value is a sealed saved card (saved-cards/vault.ts makes them). */
export const isSealedCard = (value: unknown): value is string =>
  typeof value === 'string' && SEALED.test(value);

// Free text: cut to size, card-shaped numbers removed.
const SHORT = (value: unknown, max: number) =>
  typeof value === 'string' ? redactCardNumbers(value).slice(0, max) : undefined;

/**
 * Copies only known detail fields, each checked: no way for a full card number to get in. Ids,
 * codes and tokens are not card data and are kept exactly; card data can only arrive as last 4.
 */
export function cleanDetails(details: AuditDetails): AuditDetails {
  const out: AuditDetails = {
    amount:
      typeof details.amount === 'string' && /^\d{1,7}(\.\d{1,4})?$/.test(details.amount)
        ? details.amount
        : undefined,
    currency:
      typeof details.currency === 'string' && /^[A-Z]{3}$/.test(details.currency)
        ? details.currency
        : undefined,
    method: SHORT(details.method, 20),
    field: SHORT(details.field, 40),
    outcome: SHORT(details.outcome, 40),
    errorType: SHORT(details.errorType, 60),
    result: SHORT(details.result, 60),
    confirmationCode: identifier(details.confirmationCode),
    token: identifier(details.token),
    payErrorCode: Number.isInteger(details.payErrorCode) ? details.payErrorCode : undefined,
    brand: SHORT(details.brand, 20),
    last4: typeof details.last4 === 'string' && /^\d{4}$/.test(details.last4) ? details.last4 : undefined,
    tokenSaved: details.tokenSaved === true ? true : undefined,
    reason: SHORT(details.reason, 200),
    recordingSid: identifier(details.recordingSid),
    reference: SHORT(details.reference, 200),
    savedCard: isSealedCard(details.savedCard) ? details.savedCard : undefined,
    connector: SHORT(details.connector, 64),
    receiptId: identifier(details.receiptId),
    messageSid: MessageSid.safeParse(details.messageSid).data,
    to: E164.safeParse(details.to).data,
    messageStatus: SHORT(details.messageStatus, 20),
    errorCode: Number.isInteger(details.errorCode) ? details.errorCode : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as AuditDetails;
}

/** JSON with keys sorted at every level, so the hash does not depend on key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of an entry: SHA-256 over its canonical form without hash and seal (prev included). */
export function entryHash(entry: Omit<AuditEntry, 'hash' | 'mac'>): string {
  return createHash('sha256').update(canonical(entry)).digest('hex');
}
