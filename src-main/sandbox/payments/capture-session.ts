import type { CallRecord } from '../calls';
import type { TwilioError } from '../http';
import type { ConnectorResult } from '../connector';
import { iso, rfc2822 } from '../dates';
import { newSid } from '../ids';
import type { Switches } from '../switches';
import type { CaptureState } from './capture-engine';
import { initialCapture } from './capture-engine';
import type { parseCreate } from './payment-params';

/** One payment session: what was asked for, what has been captured, where its callbacks go. */
export interface Session {
  sid: string;
  call: CallRecord;
  created: Date;
  updated: Date;
  method: 'credit-card' | 'ach-debit';
  amount?: string;
  currency: string;
  tokenType: 'one-time' | 'reusable' | 'payment-method';
  connector: string;
  /** Twilio's Description: posted with the details to the connector, which puts it on the transaction. */
  description?: string;
  bankAccountType?: string;
  timeoutMs: number;
  /** Confirmation=true: the caller confirms (1) or cancels (2) before the connector is called. */
  confirmation: boolean;
  /** Waiting for the caller's 1 or 2; `stopTimer` then guards the wait. */
  confirming: boolean;
  capture: CaptureState;
  /** The StatusCallback of the request that caused the events now being sent. */
  callbackUrl: string;
  open: boolean;
  /** The details are with the connector (after Status=complete); its answer ends the session. */
  processing?: boolean;
  /** What the connector will refuse at complete (switch connectorRefusal=callback). */
  refusal?: TwilioError;
  stopTimer?: () => void;
  stopKeys: () => void;
}

/** A new open session from validated create parameters. */
export function newSession(
  params: ReturnType<typeof parseCreate>,
  call: CallRecord,
  now: Date,
  amount: string | undefined,
): Session {
  return {
    sid: newSid('PK'),
    call,
    created: now,
    updated: now,
    method: params.PaymentMethod,
    ...(amount ? { amount } : {}),
    currency: params.Currency,
    tokenType: params.TokenType,
    connector: params.PaymentConnector,
    ...(params.Description ? { description: params.Description } : {}),
    ...(params.PaymentMethod === 'ach-debit'
      ? { bankAccountType: params.BankAccountType ?? 'consumer-checking' }
      : {}),
    timeoutMs: params.Timeout * 1000,
    confirmation: params.Confirmation,
    confirming: false,
    capture: initialCapture({
      method: params.PaymentMethod,
      validCardTypes: params.ValidCardTypes,
      securityCode: params.SecurityCode,
      postalCode: params.PostalCode,
      minPostalCodeLength: params.MinPostalCodeLength ?? 0,
      requireMatching: params.RequireMatchingInputs,
    }),
    callbackUrl: params.StatusCallback,
    open: true,
    stopKeys: () => undefined,
  };
}

/** The REST answer for a payment: no status or capture data, which only ever travels in callbacks. */
export function paymentJson(s: Session): Record<string, string> {
  return {
    account_sid: s.call.accountSid,
    call_sid: s.call.sid,
    sid: s.sid,
    date_created: rfc2822(s.created),
    date_updated: rfc2822(s.updated),
    uri: `/2010-04-01/Accounts/${s.call.accountSid}/Calls/${s.call.sid}/Payments/${s.sid}.json`,
  };
}

/** The parameters every StatusCallback carries (reference §1.2). */
export function commonFields(
  session: Session,
  accountSid: string,
  switches: Switches,
): Record<string, string> {
  const date = switches.callbackDates === 'iso' ? iso : rfc2822;
  const callSid =
    switches.callbackCallSid === 'parent-leg'
      ? (session.call.parentCallSid ?? session.call.sid)
      : session.call.sid;
  return {
    AccountSid: accountSid,
    CallSid: callSid,
    Sid: session.sid,
    DateCreated: date(session.created),
    PaymentConnector: session.connector,
    PaymentMethod: session.method,
    ...(session.bankAccountType ? { BankAccountType: session.bankAccountType } : {}),
    ...(session.amount ? { ChargeAmount: session.amount } : { TokenType: session.tokenType }),
  };
}

/** The complete-callback fields for the connector's answer. */
export function connectorFields(result: ConnectorResult): Record<string, string> {
  const out: Record<string, string> = { Result: result.result };
  if (result.result === 'success') {
    out.PaymentConfirmationCode = result.confirmationCode ?? '';
    out.PaymentToken = result.token ?? '';
    out.ProfileId = result.profileId ?? '';
  }
  if (result.payErrorCode) out.PayErrorCode = String(result.payErrorCode);
  if (result.paymentError) out.PaymentError = result.paymentError;
  if (result.connectorError) out.ConnectorError = result.connectorError;
  return out;
}
