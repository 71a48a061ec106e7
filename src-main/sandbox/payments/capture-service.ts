import type { CallRecord, CallStore } from '../calls';
import type { Session } from './capture-session';
import { isEnded } from '../calls';
import type { CallbackDispatcher } from '../callbacks';
import type { Clock } from '../clock';
import type { Ledger } from '../connector';
import { runTestConnector } from '../connector';
import { iso, rfc2822 } from '../dates';
import { TwilioError, notFound } from '../http';
import type { Switches } from '../switches';
import { finalPartial, requiredField, valueFields } from './callback-fields';
import { commonFields, connectorFields, newSession, paymentJson } from './capture-session';
import type { CaptureEvent, Step } from './capture-engine';
import { hangUp, pressKey, requestCapture, required, timeOut } from './capture-engine';
import {
  chargeAmountMessage,
  parseChargeAmount,
  parseCreate,
  parseUpdate,
  resolveStatusCallback,
} from './payment-params';
import { connectorRefusal, findConnector } from '../connector';

type Log = (event: string, fields?: Record<string, string | number | boolean>) => void;

export interface CaptureServiceDeps {
  accountSid: string;
  calls: CallStore;
  clock: Clock;
  switches: Switches;
  ledger: Ledger;
  callbacks: CallbackDispatcher;
  log: Log;
}

/** Twilio's Payments resource over the CallStore: sessions, capture, callbacks and the test connector. */
export class CaptureService {
  private readonly sessions = new Map<string, Session>();
  private readonly openByCall = new Map<string, Session>();
  private readonly answers = new Set<Promise<void>>();
  private readonly stopStatus: () => void;

  constructor(private readonly deps: CaptureServiceDeps) {
    this.stopStatus = deps.calls.on('status', (call) => {
      const session = this.openByCall.get(call.sid);
      // Details already with the connector are charged whatever the call does; its answer still comes.
      if (session && isEnded(call.status) && !session.processing)
        this.apply(session, hangUp(session.capture));
    });
  }

  /** POST …/Calls/{CallSid}/Payments.json */
  create(callSid: string, body: unknown): Record<string, string> {
    const params = parseCreate(body);
    const call = this.liveCall(callSid);
    params.StatusCallback = this.callbackUrl(params.StatusCallback, call);
    const connector = findConnector(params.PaymentConnector);
    if (this.openByCall.has(callSid)) {
      throw new TwilioError(400, 64021, 'Invalid operation: Start operation on already started Pay session.');
    }
    const charge = parseChargeAmount(params.ChargeAmount, params.Currency);
    const amountText = chargeAmountMessage(params.ChargeAmount ?? '', params.Currency);
    if (!charge.ok && this.deps.switches.invalidChargeAmount === 'rest-error') {
      throw new TwilioError(400, 64003, amountText);
    }
    const refusal = connectorRefusal(connector, {
      charge: charge.ok && !!charge.amount,
      tokenType: params.TokenType,
      method: params.PaymentMethod,
      currency: params.Currency,
    });
    if (refusal && this.deps.switches.connectorRefusal === 'rest-error') throw refusal;
    const session = newSession(params, call, this.deps.clock.now(), charge.ok ? charge.amount : undefined);
    session.refusal = refusal;
    session.stopKeys = this.deps.calls.onDigit(callSid, (key) => this.onKey(session, key));
    this.sessions.set(session.sid, session);
    this.openByCall.set(callSid, session);
    this.deps.log('payment.created', {
      paymentSid: session.sid,
      method: session.method,
      charge: !!session.amount,
    });
    this.emit(session, {}, true);
    if (!charge.ok) {
      this.finish(session, {
        Result: 'validation-error',
        PayErrorCode: '64003',
        PaymentError: amountText,
      });
    }
    return paymentJson(session);
  }

  /** POST …/Calls/{CallSid}/Payments/{Sid}.json */
  update(callSid: string, paymentSid: string, body: unknown): Record<string, string> {
    const session = this.sessions.get(paymentSid);
    if (!this.deps.calls.get(callSid) || !session || session.call.sid !== callSid) {
      throw notFound(`/Calls/${callSid}/Payments/${paymentSid}.json`);
    }
    const params = parseUpdate(body);
    this.liveCall(callSid);
    const callbackUrl = this.callbackUrl(params.StatusCallback, session.call);
    if (!session.open) {
      throw new TwilioError(
        400,
        64021,
        'Invalid operation: this payment session has already ended; start a new one.',
      );
    }
    if (session.processing) {
      throw new TwilioError(400, 64021, 'Invalid operation: the payment is already with the connector.');
    }
    if (params.Capture && !this.fieldFits(session, params.Capture)) {
      throw new TwilioError(
        400,
        64020,
        `Capture=${params.Capture} does not apply to PaymentMethod=${session.method}.`,
      );
    }
    const missing = params.Status === 'complete' ? required(session.capture) : [];
    const incomplete = `Required payment information incomplete: ${missing.join(', ')} not yet captured.`;
    if (missing.length > 0 && this.deps.switches.incompleteComplete === 'rest-error') {
      throw new TwilioError(400, 64019, incomplete);
    }
    // Validated: from here on this request's StatusCallback receives what it causes.
    session.callbackUrl = callbackUrl;
    session.updated = this.deps.clock.now();
    if (params.Capture) {
      session.confirming = false;
      const now = this.deps.clock.now();
      this.apply(session, requestCapture(session.capture, params.Capture, this.deps.switches, now));
    } else if (params.Status === 'cancel') {
      this.finish(session, this.cancelFields());
    } else if (missing.length > 0) {
      this.emit(session, {
        Required: requiredField(session.capture, this.deps.switches),
        PayErrorCode: '64019',
        PaymentError: incomplete,
      });
    } else if (session.confirmation) {
      this.askConfirmation(session);
    } else {
      this.complete(session);
    }
    return paymentJson(session);
  }

  private fieldFits(session: Session, field: string): boolean {
    const bank = field.startsWith('bank-');
    return session.method === 'ach-debit' ? bank : !bank;
  }

  private callbackUrl(raw: string, call: CallRecord): string {
    const parent = call.parentCallSid ? this.deps.calls.get(call.parentCallSid) : undefined;
    return resolveStatusCallback(raw, [call.documentUrl, parent?.documentUrl]);
  }

  private liveCall(callSid: string): CallRecord {
    const call = this.deps.calls.get(callSid);
    if (!call) throw notFound(`/Calls/${callSid}`);
    if (call.status !== 'in-progress') {
      throw new TwilioError(400, 21220, `Call ${callSid} is not in-progress (it is ${call.status}).`);
    }
    return call;
  }

  /** Hands the captured details to the connector, which answers `connectorDelayMs` later. */
  private complete(session: Session): void {
    session.processing = true;
    session.stopTimer?.();
    let answered!: () => void;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    this.answers.add(answer);
    const cancel = this.deps.clock.after(this.deps.switches.connectorDelayMs, () => {
      session.stopTimer = undefined;
      this.answers.delete(answer);
      this.charge(session);
      answered();
    });
    session.stopTimer = () => {
      cancel();
      this.answers.delete(answer);
      answered();
    };
  }

  /** Resolves once every connector answer now pending has been given (the sandbox's idle). */
  async answered(): Promise<void> {
    while (this.answers.size > 0) await Promise.all([...this.answers]);
  }

  /** The test connector's answer (or its refusal) ends the session. */
  private charge(session: Session): void {
    if (session.refusal) {
      const { code, message } = session.refusal;
      this.finish(session, {
        Result: 'payment-connector-error',
        PayErrorCode: String(code),
        PaymentError: message,
      });
      return;
    }
    const values = session.capture.values;
    const number =
      session.method === 'credit-card' ? values['payment-card-number'] : values['bank-account-number'];
    const result = runTestConnector(this.deps.ledger, {
      paymentSid: session.sid,
      callSid: session.call.sid,
      method: session.method,
      number: number ?? '',
      brand: session.capture.cardType ?? 'ach',
      ...(session.amount ? { amount: session.amount } : {}),
      currency: session.currency,
      tokenType: session.tokenType,
      ...(session.description ? { description: session.description } : {}),
      date: this.deps.clock.now(),
    });
    this.finish(session, connectorFields(result));
  }

  /**
   * Confirmation=true: Twilio reads the details back and the caller presses 1 to submit or 2 to cancel.
   * No callback is documented for the prompt itself; silence past the wait reports input-timeout and the
   * agent may complete again.
   */
  private askConfirmation(session: Session): void {
    if (session.confirming) return;
    session.confirming = true;
    session.stopTimer?.();
    session.stopTimer = this.deps.clock.after(Math.max(30_000, session.timeoutMs), () => {
      session.confirming = false;
      session.stopTimer = undefined;
      this.emit(session, {
        ...finalPartial(this.deps.switches),
        ErrorType: 'input-timeout',
        PaymentError: 'confirmation timed out',
        Required: '',
      });
    });
  }

  private cancelFields(): Record<string, string> {
    return this.deps.switches.cancelResult === 'omit' ? {} : { Result: 'transaction-cancelled' };
  }

  private onConfirmKey(session: Session, key: string): void {
    if (key !== '1' && key !== '2') return;
    session.confirming = false;
    session.stopTimer?.();
    session.stopTimer = undefined;
    if (key === '1') this.complete(session);
    else this.finish(session, this.cancelFields());
  }

  private onKey(session: Session, key: string): void {
    if (!session.open || session.processing) return;
    if (session.confirming) return this.onConfirmKey(session, key);
    this.apply(session, pressKey(session.capture, key, this.deps.clock.now(), this.deps.switches));
  }

  /** Takes a capture step: new state, its callbacks, and the digit timer that should now run. */
  private apply(session: Session, step: Step): void {
    session.capture = step.state;
    session.stopTimer?.();
    session.stopTimer = undefined;
    for (const event of step.events) this.emitEvent(session, event);
    const current = session.capture.current;
    const wait = current && this.digitWait(session, current.digits === '');
    if (session.open && current && wait !== undefined) {
      session.stopTimer = this.deps.clock.after(wait, () =>
        this.apply(session, timeOut(session.capture, this.deps.clock.now())),
      );
    }
  }

  /** How long a field waits for its next key; undefined: for as long as it takes (firstDigitWait=none). */
  private digitWait(session: Session, first: boolean): number | undefined {
    if (!first) return session.timeoutMs;
    const reading = this.deps.switches.firstDigitWait;
    // Before the first key the customer is still listening to the agent: at least 30 s by default.
    if (reading === 'at-least-30s') return Math.max(30_000, session.timeoutMs);
    return reading === 'timeout' ? session.timeoutMs : undefined;
  }

  private emitEvent(session: Session, event: CaptureEvent): void {
    const { switches } = this.deps;
    const state = session.capture;
    if (event.type === 'ended') {
      this.finish(session, { Result: event.result });
      return;
    }
    session.updated = this.deps.clock.now();
    const base = { Capture: event.field, Required: requiredField(state, switches) };
    if (event.type === 'progress') {
      this.emit(session, { ...base, PartialResult: 'true', ...valueFields(state, switches, true) });
    } else if (event.type === 'error') {
      const extra: Record<string, string> =
        event.errorType === 'input-timeout' ? { PaymentError: `${event.field} timed out` } : {};
      this.emit(session, {
        ...base,
        ...finalPartial(switches),
        ErrorType: event.errorType,
        ...extra,
        ...valueFields(state, switches),
      });
    } else {
      this.emit(session, { ...base, ...finalPartial(switches), ...valueFields(state, switches) });
    }
  }

  /** Ends the session with the complete/cancel parameter set. */
  private finish(session: Session, fields: Record<string, string>): void {
    if (!session.open) return;
    session.open = false;
    session.stopTimer?.();
    session.stopKeys();
    this.openByCall.delete(session.call.sid);
    session.updated = this.deps.clock.now();
    this.deps.log('payment.ended', { paymentSid: session.sid, result: fields.Result ?? 'none' });
    this.emit(session, { ...valueFields(session.capture, this.deps.switches), ...fields });
    // The connector has had its turn: raw digits are not kept past the session.
    session.capture = { ...session.capture, values: {}, current: undefined };
  }

  /** Sends one callback: the common set (reference §1.2) plus `fields`, to the session's current StatusCallback. */
  private emit(session: Session, fields: Record<string, string>, isStart = false): void {
    const common = commonFields(session, this.deps.accountSid, this.deps.switches);
    const date = this.deps.switches.callbackDates === 'iso' ? iso : rfc2822;
    const updated: Record<string, string> = isStart ? {} : { DateUpdated: date(session.updated) };
    this.deps.callbacks.send(session.sid, session.call.sid, session.callbackUrl, {
      ...common,
      ...updated,
      ...fields,
    });
  }

  close(): void {
    this.stopStatus();
    for (const session of this.sessions.values()) {
      session.stopTimer?.();
      session.stopKeys();
    }
  }
}
