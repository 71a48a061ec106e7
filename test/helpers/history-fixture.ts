import { expect } from 'vitest';
import type { HistoryEntry } from '@shared/api/history';
import type { AuditRecord, AuditTrail } from '../../src-main/core/audit';
import type { HistoryBook, HistoryPageRequest } from '../../src-main/core/history';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const BRANDS = [
  ['visa', '1111'],
  ['mastercard', '4444'],
  ['amex', '0005'],
] as const;

/**
 * The audit records PaymentsService writes for payment `i` (session-audit.ts and the service's own
 * start, request, complete and cancel entries), in the order it writes them. Outcomes cycle through
 * paid, declined, cancelled, call ended and saved card.
 */
export function paymentRecords(i: number): AuditRecord[] {
  const base = {
    agent: `agent-${i % 7}`,
    sessionId: `${hex(i, 8)}-0000-4000-8000-${hex(i * 7919, 12)}`,
    callSid: `CA${hex(i, 32)}`,
    paymentSid: `PK${hex(i + 1, 32)}`,
  };
  const [brand, last4] = BRANDS[i % BRANDS.length]!;
  const kind = i % 10;
  const tokenize = kind === 9;
  const amount = `${(i % 997) + 1}.${hex(i % 100, 2).replace(/[a-f]/g, '0')}`;
  const start: AuditRecord = {
    agent: base.agent,
    sessionId: base.sessionId,
    callSid: base.callSid,
    action: 'payment.start',
    details: {
      ...(tokenize ? {} : { amount }),
      currency: i % 4 === 0 ? 'EUR' : 'USD',
      method: 'credit-card',
    },
  };
  const field = (name: string, extra = {}): AuditRecord[] => [
    { ...base, action: 'payment.request', details: { field: name } },
    { ...base, action: 'payment.field', details: { field: name, outcome: 'captured', ...extra } },
  ];
  if (kind === 8) {
    const ended: AuditRecord = {
      ...base,
      action: 'payment.ended',
      details: { outcome: 'ended', result: 'caller-hung-up' },
    };
    return [start, ...field('payment-card-number', { brand, last4 }), ended];
  }
  if (kind === 7) {
    return [
      start,
      { ...base, action: 'payment.request', details: { field: 'payment-card-number' } },
      { ...base, action: 'payment.cancel', details: {} },
      {
        ...base,
        action: 'payment.result',
        details: { outcome: 'cancelled', result: 'caller-interrupted-with-star' },
      },
    ];
  }
  const declined = kind === 6;
  return [
    start,
    ...field('payment-card-number', { brand, last4 }),
    ...field('expiration-date'),
    ...field('security-code'),
    { ...base, action: 'payment.complete', details: {} },
    {
      ...base,
      action: 'payment.result',
      details: declined
        ? { outcome: 'failed', result: 'payment-connector-error', payErrorCode: 64014, brand, last4 }
        : {
            outcome: 'succeeded',
            result: 'success',
            brand,
            last4,
            ...(tokenize
              ? { token: `card_${hex(i, 24)}`, tokenSaved: true }
              : { confirmationCode: `ch_${hex(i * 31, 10)}` }),
          },
    },
  ];
}

/**
 * Appends payments `from`..`from + count - 1` through the audit log's own append (hash chain,
 * seal, group commit; or the team's table), `parallel` payments at a time, each payment's entries in order.
 */
export async function appendPayments(
  log: Pick<AuditTrail, 'append'>,
  from: number,
  count: number,
  parallel = 200,
) {
  let next = from;
  const end = from + count;
  const worker = async () => {
    while (next < end) {
      const i = next++;
      for (const record of paymentRecords(i)) await log.append(record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

/** Every page of a history from `request.before` on, following `more`, concatenated; each page within `limit`. */
export async function allPages(book: Pick<HistoryBook, 'page'>, request: HistoryPageRequest) {
  const rows: HistoryEntry[] = [];
  let before = request.before;
  let pages = 0;
  do {
    const page = await book.page({ ...request, before });
    expect(page.entries.length).toBeLessThanOrEqual(request.limit);
    rows.push(...page.entries);
    before = page.more;
    pages++;
  } while (before !== undefined);
  return { rows, pages };
}
