import type { CallbackDispatcher } from '../callbacks';
import type { Clock } from '../clock';
import type { SandboxLog } from '../rest-app';
import { checkCreate, noMessageFailure, type MessageFailure } from './message-rules';
import type { MessageRecord, MessageStatus, MessageStore } from './message-store';

// How long the sandbox's carrier takes: queued → sent, then sent → delivered (sandbox ms).
const SENT_AFTER_MS = 150;
const DELIVERED_AFTER_MS = 350;

/**
 * Outbound SMS: Twilio's create checks, then the carrier's lifecycle (queued, sent, delivered or
 * undelivered), each step a signed status callback to the message's StatusCallback.
 */
export class MessageService {
  #failure: MessageFailure = noMessageFailure;
  readonly #timers = new Set<() => void>();

  constructor(
    readonly store: MessageStore,
    private readonly deps: {
      owns: (e164: string) => boolean;
      callbacks: CallbackDispatcher;
      clock: Clock;
      log: SandboxLog;
    },
  ) {}

  setFailure(failure: MessageFailure): void {
    this.#failure = failure;
  }

  create(body: Record<string, unknown>): MessageRecord {
    const fields = checkCreate(body, this.deps.owns, this.#failure);
    const message = this.store.create(fields);
    // Sid and status only: a message body is the business's and the customer's, not the log's.
    this.deps.log('message.created', { messageSid: message.sid });
    const failure = this.#failure;
    this.#after(SENT_AFTER_MS, () => {
      this.#move(message.sid, 'sent');
      this.#after(DELIVERED_AFTER_MS, () =>
        failure.mode === 'undelivered'
          ? this.#move(message.sid, 'undelivered', failure.errorCode)
          : this.#move(message.sid, 'delivered'),
      );
    });
    return { ...message };
  }

  #move(sid: string, status: MessageStatus, errorCode?: number): void {
    const m = this.store.setStatus(sid, status, errorCode);
    if (!m?.statusCallback) return;
    const params: Record<string, string> = {
      AccountSid: m.accountSid,
      ApiVersion: '2010-04-01',
      From: m.from,
      To: m.to,
      MessageSid: m.sid,
      SmsSid: m.sid,
      MessageStatus: status,
      SmsStatus: status,
      ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
    };
    // One queue per message keeps its callbacks in order; the call-level faults do not apply.
    this.deps.callbacks.send(m.sid, m.sid, m.statusCallback, params);
  }

  #after(ms: number, fn: () => void): void {
    const cancel = this.deps.clock.after(ms, () => {
      this.#timers.delete(cancel);
      fn();
    });
    this.#timers.add(cancel);
  }

  /** Resolves once no message is still on its way (for the sandbox's idle). */
  async settled(): Promise<void> {
    while (this.#timers.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  close(): void {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
  }
}
