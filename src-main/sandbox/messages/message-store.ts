import type { Clock } from '../clock';
import { newSid } from '../ids';
import { segments } from './message-rules';

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** One outbound message, as the sandbox keeps it (in memory, per run). */
export interface MessageRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  status: MessageStatus;
  numSegments: number;
  statusCallback?: string;
  errorCode?: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent?: Date;
}

/** Outbound messages, newest first, as Twilio lists them. */
export class MessageStore {
  readonly #messages = new Map<string, MessageRecord>();

  constructor(
    private readonly accountSid: string,
    private readonly clock: Clock,
  ) {}

  create(fields: { to: string; from: string; body: string; statusCallback?: string }): MessageRecord {
    const now = this.clock.now();
    const message: MessageRecord = {
      sid: newSid('SM'),
      accountSid: this.accountSid,
      ...fields,
      status: 'queued',
      numSegments: segments(fields.body),
      dateCreated: now,
      dateUpdated: now,
    };
    this.#messages.set(message.sid, message);
    return message;
  }

  get(sid: string): MessageRecord | undefined {
    return this.#messages.get(sid);
  }

  /** Moves a message on; `sent` stamps date_sent, as Twilio's does. */
  setStatus(sid: string, status: MessageStatus, errorCode?: number): MessageRecord | undefined {
    const message = this.#messages.get(sid);
    if (!message) return undefined;
    message.status = status;
    message.dateUpdated = this.clock.now();
    if (status === 'sent') message.dateSent = message.dateUpdated;
    if (errorCode !== undefined) message.errorCode = errorCode;
    return message;
  }

  /** Newest first, filtered as Twilio's list is (To, From, DateSent on, before or after a day). */
  list(filter: { to?: string; from?: string; sentAfter?: Date; sentBefore?: Date } = {}): MessageRecord[] {
    return [...this.#messages.values()]
      .filter(
        (m) =>
          (!filter.to || m.to === filter.to) &&
          (!filter.from || m.from === filter.from) &&
          (!filter.sentAfter || (m.dateSent ?? m.dateCreated) >= filter.sentAfter) &&
          (!filter.sentBefore || (m.dateSent ?? m.dateCreated) < filter.sentBefore),
      )
      .reverse();
  }
}
