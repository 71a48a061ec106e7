import { randomBytes } from 'node:crypto';
import type { Ledger, LedgerEntry } from './ledger';
import { testBankAccounts, testCards, unlistedOutcome, type TestOutcome } from './test-cards';

/** What the payment service hands the connector at complete; the raw number never leaves this call. */
export interface ConnectorRequest {
  paymentSid: string;
  callSid: string;
  method: 'credit-card' | 'ach-debit';
  /** Card number or bank account number, in clear, for the lookup only. */
  number: string;
  brand: string;
  amount?: string;
  currency: string;
  tokenType: 'one-time' | 'reusable' | 'payment-method';
  /** Twilio's Description, kept on the transaction. */
  description?: string;
  date: Date;
}

/** The complete/cancel callback fields the connector's answer produces. */
export interface ConnectorResult {
  result: 'success' | 'payment-connector-error';
  confirmationCode?: string;
  token?: string;
  profileId?: string;
  payErrorCode?: number;
  paymentError?: string;
  connectorError?: string;
}

const hex = (n: number) => randomBytes(n).toString('hex');

function outcomeFor(method: ConnectorRequest['method'], number: string): TestOutcome {
  const list: readonly (TestOutcome & { number: string })[] =
    method === 'credit-card' ? testCards : testBankAccounts;
  return list.find((entry) => entry.number === number) ?? unlistedOutcome(method);
}

/**
 * The sandbox's payment gateway: charges when there is an amount, tokenizes otherwise. The ledger is keyed by
 * payment Sid, so a retried complete returns the first outcome and never charges twice (as the Generic Pay
 * Connector dedupes retries by transaction_id).
 */
export function runTestConnector(ledger: Ledger, request: ConnectorRequest): ConnectorResult {
  const previous = ledger.find(request.paymentSid);
  if (previous) return fromEntry(previous);
  const outcome = outcomeFor(request.method, request.number);
  const charging = request.amount !== undefined;
  if (outcome.outcome === 'decline') {
    return {
      result: 'payment-connector-error',
      payErrorCode: charging ? outcome.chargeErrorCode : outcome.tokenErrorCode,
      paymentError: outcome.paymentError,
      ...(outcome.connectorError ? { connectorError: outcome.connectorError } : {}),
    };
  }
  const last = request.method === 'credit-card' ? request.number.slice(-4) : request.number.slice(-2);
  const base = {
    paymentSid: request.paymentSid,
    callSid: request.callSid,
    brand: request.method === 'credit-card' ? request.brand : 'ach',
    last4: last,
    ...(request.description ? { description: request.description } : {}),
    date: request.date.toISOString(),
  };
  const entry: LedgerEntry = charging
    ? {
        ...base,
        kind: 'charge',
        amount: request.amount,
        currency: request.currency,
        confirmationCode: `ch_${hex(12)}`,
      }
    : { ...base, kind: 'token', token: `${tokenPrefix(request.tokenType)}_${hex(12)}` };
  return fromEntry(ledger.record(entry));
}

function tokenPrefix(type: ConnectorRequest['tokenType']): string {
  return type === 'payment-method' ? 'pm' : type === 'one-time' ? 'tok' : 'card';
}

function fromEntry(entry: LedgerEntry): ConnectorResult {
  if (entry.kind === 'charge') return { result: 'success', confirmationCode: entry.confirmationCode };
  return { result: 'success', token: entry.token, profileId: `cus_${entry.paymentSid.slice(2, 16)}` };
}
