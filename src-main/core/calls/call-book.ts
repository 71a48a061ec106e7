import { ENDED_CALL_STATUSES, type CallSummary } from '@shared/api';

/** One call's news from one signed Twilio request: a voice URL request or a status callback. */
export interface CallNews {
  sid: string;
  status: string;
  from?: string;
  to?: string;
  direction?: string;
  parentCallSid?: string;
  /** Twilio's SequenceNumber: the order of one callback source's events for this call. */
  sequence?: number;
  /** Twilio's Timestamp (RFC 2822), when the event happened at Twilio. */
  at?: Date;
}

/**
 * The account's calls as Twilio's callbacks told them (Callpay Server: the `live_calls` table,
 * shared by every instance), so `calls.list` needs no Calls-list request to Twilio.
 */
export interface CallBook {
  /** Applies the news unless it is older than what the book has; resolves true when a call changed. */
  apply(news: CallNews): Promise<boolean>;
  /** The calls in progress now. */
  inProgress(): Promise<CallSummary[]>;
  /**
   * Calls not yet ended with no news since `before`, claimed for one look at Twilio: their clock is
   * set to `now`, so another instance does not look at the same call until it is quiet again.
   */
  claimQuiet?(before: Date, now: Date): Promise<string[]>;
}

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/**
 * How far along a call is. Twilio's statuses only move forward (queued, initiated, ringing,
 * in-progress, then one of the ended ones), so news of a lower rank than the book's is old news.
 */
export function statusRank(status: string): number {
  if (ENDED_CALL_STATUSES.includes(status)) return 3;
  if (status === 'in-progress') return 2;
  if (status === 'ringing') return 1;
  return 0;
}

/** Reads a call's news from Twilio's form fields; undefined when it names no call or no status. */
export function callNews(params: Record<string, string | undefined>): CallNews | undefined {
  const sid = params.CallSid;
  const status = params.CallStatus;
  if (!sid || !CALL_SID.test(sid) || !status) return undefined;
  const sequence = params.SequenceNumber === undefined ? NaN : Number(params.SequenceNumber);
  const at = params.Timestamp === undefined ? undefined : new Date(params.Timestamp);
  const parent = params.ParentCallSid;
  return {
    sid,
    status,
    from: params.From || undefined,
    to: params.To || undefined,
    direction: params.Direction || undefined,
    parentCallSid: parent && CALL_SID.test(parent) ? parent : undefined,
    sequence: Number.isInteger(sequence) && sequence >= 0 ? sequence : undefined,
    at: at && !Number.isNaN(at.getTime()) ? at : undefined,
  };
}
