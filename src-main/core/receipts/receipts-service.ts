import { randomUUID } from 'node:crypto';
import type { Twilio } from 'twilio';
import { AppError } from '@shared/api';
import type { Receipt, ReceiptDraft, ReceiptSettings, ReceiptStatus } from '@shared/api';
import type { PaymentSession } from '@shared/payments';
import { receiptMovesTo, receiptRetryable, receiptWords } from '@shared/payments/receipt-words';
import type { AuditTrail } from '../audit';
import type { AppLog } from '../log';
import { retryReason } from '../twilio';
import { customerNumber, paidSession, receiptBody } from './receipt-body';

export interface ReceiptsDeps {
  client: () => Twilio | undefined;
  session: (sessionId: string) => PaymentSession | undefined;
  /** The business's number: the caller ID in settings, or the sandbox's number. */
  from: () => string | undefined;
  settings: () => ReceiptSettings | undefined;
  /** Where Twilio posts this receipt's status; undefined while it cannot reach Callpay. */
  statusCallbackUrl: (receipt: Receipt) => string | undefined;
  audit: AuditTrail;
  log: AppLog;
  onReceipt: (receipt: Receipt) => void;
  now?: () => Date;
  newId?: () => string;
}

// Twilio's MessageStatus values, as a receipt shows them.
const FROM_TWILIO: Record<string, ReceiptStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

/** How far back an earlier attempt's message is looked for: Twilio's clock and ours may differ. */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * Texted receipts through the Messages API. Twilio offers no IdempotencyKey for a message, so a
 * send whose answer was lost is marked unknown, and its retry first lists the messages to that
 * number and adopts the one with the very same body instead of texting the customer twice.
 */
export class ReceiptsService {
  readonly #receipts = new Map<string, Receipt & { body?: string; from?: string }>();
  readonly #bySid = new Map<string, string>();
  readonly #now: () => Date;

  constructor(private readonly deps: ReceiptsDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  /** The customer's number from the call, the text as it would go, and this payment's receipts. */
  async draft(sessionId: string): Promise<ReceiptDraft> {
    const session = paidSession(this.deps.session(sessionId));
    const receipts = this.list(sessionId);
    let body: string | undefined;
    let problem: string | undefined;
    try {
      body = receiptBody(session, this.deps.settings());
    } catch (error) {
      problem = (error as Error).message;
    }
    const from = this.deps.from();
    if (!from) problem ??= FROM_MISSING;
    const to = receipts.at(-1)?.to ?? (await this.#callerNumber(session.callSid));
    return { sessionId, to, from, body, problem, receipts };
  }

  /** This run's receipts for a payment, oldest first. */
  list(sessionId: string): Receipt[] {
    return [...this.#receipts.values()].filter((r) => r.sessionId === sessionId).map(publicReceipt);
  }

  /** Texts the receipt (or, after a lost answer, finds the text Twilio already took). */
  async send(sessionId: string, typedTo: string): Promise<Receipt> {
    const session = paidSession(this.deps.session(sessionId));
    const to = customerNumber(typedTo);
    const from = this.deps.from();
    if (!from) throw new AppError('no_sender', FROM_MISSING);
    const body = receiptBody(session, this.deps.settings());
    const client = this.deps.client();
    if (!client)
      throw new AppError('not_connected', 'Callpay is not connected to Twilio, so it cannot text now.');
    const earlier = this.list(sessionId);
    if (earlier.some((r) => r.status === 'sending'))
      throw new AppError('busy', 'The receipt is being sent; wait for Twilio’s answer.');

    // The same receipt, sent before with its answer lost: Twilio may have it already.
    const lost = [...this.#receipts.values()].findLast(
      (r) => r.sessionId === sessionId && r.status === 'unknown' && r.to === to && r.body === body,
    );
    if (lost) {
      const found = await this.#alreadySent(client, lost, from, body);
      if (found === 'cannot-tell')
        throw new AppError(
          'lookup_failed',
          'Callpay could not ask Twilio whether the first text went, so it has not sent another. Try again in a moment.',
        );
      if (found) return this.#adopt(lost.id, found);
    }
    const receipt = lost ?? {
      id: this.deps.newId?.() ?? randomUUID(),
      sessionId,
      to,
      status: 'sending' as const,
      message: receiptWords('sending'),
      retryable: false,
      at: this.#at(),
    };
    const sending = {
      ...receipt,
      status: 'sending' as const,
      body,
      from,
      at: this.#at(),
      message: receiptWords('sending'),
      retryable: false,
    };
    // Written down before the Twilio write, like every payment write: a text the log cannot record is not sent.
    await this.deps.audit.append({
      ...this.#who(session),
      action: 'receipt.send',
      details: { receiptId: sending.id, to, messageStatus: 'sending' },
    });
    this.#set(sending);
    try {
      const message = await client.messages.create({
        to,
        from,
        body,
        statusCallback: this.deps.statusCallbackUrl(sending),
      });
      return this.#adopt(sending.id, message);
    } catch (error) {
      return this.#failed(sending.id, error);
    }
  }

  /** A verified Messages status callback; `ref` is the receipt and payment named in its URL. */
  statusCallback(params: Record<string, string>, ref: { receiptId?: string; sessionId?: string }): void {
    const id = this.#bySid.get(params.MessageSid ?? '') ?? ref.receiptId;
    const status = FROM_TWILIO[params.MessageStatus ?? ''];
    if (!id || !status) return;
    const errorCode = params.ErrorCode ? Number(params.ErrorCode) : undefined;
    const receipt = this.#receipts.get(id);
    if (receipt && !receiptMovesTo(receipt.status, status)) return;
    const sessionId = receipt?.sessionId ?? ref.sessionId;
    if (!sessionId) return;
    this.deps.audit.keep({
      agent: this.deps.session(sessionId)?.agent ?? 'twilio',
      action: 'receipt.status',
      sessionId,
      callSid: this.deps.session(sessionId)?.callSid ?? '',
      details: { receiptId: id, messageSid: params.MessageSid, messageStatus: status, errorCode },
    });
    // After a restart the receipt is known from the log only: History shows it from there.
    if (!receipt) return;
    // A send whose answer was lost learns its message here, before any retry.
    const messageSid = receipt.messageSid ?? params.MessageSid;
    if (messageSid) this.#bySid.set(messageSid, id);
    this.#set({ ...receipt, messageSid, status, errorCode: errorCode ?? receipt.errorCode });
  }

  async #callerNumber(callSid: string): Promise<string | undefined> {
    try {
      const call = await this.deps.client()?.calls(callSid).fetch();
      if (!call) return undefined;
      // The customer is who called in, or who the agent dialled.
      return call.direction?.startsWith('outbound') ? call.to : call.from;
    } catch {
      return undefined;
    }
  }

  /** The message an earlier attempt left at Twilio, none, or `cannot-tell` when Twilio cannot be asked. */
  async #alreadySent(
    client: Twilio,
    lost: Receipt,
    from: string,
    body: string,
  ): Promise<{ sid: string; status: string; errorCode?: number | null } | undefined | 'cannot-tell'> {
    const since = Date.parse(lost.at) - CLOCK_SLACK_MS;
    try {
      const messages = await client.messages.list({ to: lost.to, from, limit: 50 });
      return messages.find((m) => m.body === body && m.dateCreated.getTime() >= since);
    } catch (error) {
      this.deps.log.warn('receipts.lookup_failed', {
        receiptId: lost.id,
        code: retryReason(error) ?? 'answer',
      });
      return 'cannot-tell';
    }
  }

  #adopt(id: string, message: { sid: string; status: string; errorCode?: number | null }): Receipt {
    const receipt = this.#receipts.get(id)!;
    this.#bySid.set(message.sid, id);
    const status = FROM_TWILIO[message.status] ?? 'queued';
    // A status callback may have come first: the furthest status stands.
    const next = receiptMovesTo(receipt.status, status) ? status : receipt.status;
    const errorCode = message.errorCode ?? receipt.errorCode;
    this.deps.audit.keep({
      agent: this.deps.session(receipt.sessionId)?.agent ?? 'agent',
      action: 'receipt.status',
      sessionId: receipt.sessionId,
      callSid: this.deps.session(receipt.sessionId)?.callSid ?? '',
      details: { receiptId: id, messageSid: message.sid, messageStatus: next, errorCode },
    });
    return this.#set({ ...receipt, messageSid: message.sid, status: next, errorCode });
  }

  #failed(id: string, error: unknown): Receipt {
    const receipt = this.#receipts.get(id)!;
    const reason = retryReason(error);
    // No answer (or a 5xx): Twilio may have taken it. A 429 or any 4xx is an answer: it did not.
    const unknown = reason !== undefined && reason !== 'rate_limited';
    const code = (error as { code?: unknown }).code;
    const errorCode = !unknown && typeof code === 'number' ? code : undefined;
    const status: ReceiptStatus = unknown ? 'unknown' : 'failed';
    this.deps.log.warn('receipts.send_failed', {
      receiptId: id,
      reason: reason ?? 'refused',
      code: errorCode,
    });
    this.deps.audit.keep({
      agent: this.deps.session(receipt.sessionId)?.agent ?? 'agent',
      action: 'receipt.status',
      sessionId: receipt.sessionId,
      callSid: this.deps.session(receipt.sessionId)?.callSid ?? '',
      details: { receiptId: id, messageStatus: status, errorCode },
    });
    return this.#set({ ...receipt, status, errorCode });
  }

  #set(receipt: Receipt & { body?: string; from?: string }): Receipt {
    const settled = {
      ...receipt,
      message: receiptWords(receipt.status, receipt.errorCode),
      retryable: receiptRetryable(receipt.status),
    };
    this.#receipts.set(receipt.id, settled);
    const shown = publicReceipt(settled);
    this.deps.onReceipt(shown);
    return shown;
  }

  #who(s: PaymentSession) {
    return { agent: s.agent, sessionId: s.id, callSid: s.callSid, paymentSid: s.paymentSid };
  }

  #at(): string {
    return this.#now().toISOString();
  }
}

const FROM_MISSING =
  'Callpay has no business number to text from. Pick the caller ID in Settings; receipts are sent from it.';

/** A receipt as the console sees it: without the body and sender kept for a retry's lookup. */
function publicReceipt(r: Receipt & { body?: string; from?: string }): Receipt {
  const { body: _body, from: _from, ...shown } = r;
  return shown;
}
