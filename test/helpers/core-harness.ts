import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import type { Sandbox } from '../../src-main/sandbox';
import type { AppApi, CommandArgs } from '@shared/api/contract';
import type { PaymentField, PaymentSession } from '@shared/payments';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** A core in sandbox mode with fast timers, plus what a test needs to watch it. */
export interface CoreHarness {
  core: Core;
  sandbox: Sandbox;
  /** Every `payments.session` event, in order. */
  events: PaymentSession[];
  /** Every log line written, as text. */
  logText(): string;
  /** A command through the core's API, typed by the AppApi; a refusal rejects with its AppError. */
  invoke: AppApi['invoke'];
  /** A command as an untyped sender could send it, for the inputs the contract's types refuse. */
  send(name: string, args: unknown): Promise<unknown>;
  /** Waits for a session event matching `check`, among events from index `since` on; returns that session. */
  until(
    check: (s: PaymentSession) => boolean,
    what?: string,
    since?: number,
    timeoutMs?: number,
  ): Promise<PaymentSession>;
  close(): Promise<void>;
}

export async function startCoreHarness(options: Partial<CoreOptions> = {}): Promise<CoreHarness> {
  const dir = await tempDir('core-');
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const core = await createCore({
    dataDir: join(dir.path, 'data'),
    version: '0.0.0-test',
    log: createLog({ level: 'debug', destination }),
    sandbox: { timeScale: 0.02 },
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
    restTimeoutMs: 400,
    ...options,
  });
  const events: PaymentSession[] = [];
  core.api.subscribe((name, payload) => {
    if (name === 'payments.session') events.push(payload as PaymentSession);
  });
  // The host checks names, arguments and results against the contract before answering.
  const send = async (name: string, args: unknown) => {
    const envelope = await core.api.dispatch(name, args);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
    return envelope.value;
  };
  const sandbox = core.sandbox();
  if (!sandbox) throw new Error('The harness expects sandbox mode.');
  return {
    core,
    sandbox,
    events,
    logText: () => lines.join(''),
    invoke: (name, args) => send(name, args) as never,
    send,
    until: (check, what = 'session state', since = 0, timeoutMs = 10_000) =>
      waitFor(() => events.slice(since).reverse().find(check), timeoutMs, what),
    close: async () => {
      await core.stop();
      await dir.cleanup();
    },
  };
}

type StartArgs = Partial<CommandArgs<'payments.start'>>;

/** A core harness with one customer call, fresh for each test, and the steps of a payment on it. */
export interface PaymentHarness extends CoreHarness {
  /** The customer's call of this test, made in the sandbox before it. */
  readonly callSid: string;
  /** A session's state of one field. */
  field(s: PaymentSession, name: PaymentField): PaymentSession['fields'][number];
  /** Starts a payment on the call with the suite's defaults and `args` over them. */
  start(args?: StartArgs): Promise<PaymentSession>;
  /** Requests a field, keys it as the customer, and waits until it settles (captured or error). */
  capture(id: string, name: PaymentField, keys: string): Promise<PaymentSession>;
  /** Keys a whole card (number, expiry, security code, postal code); the last field's settled session. */
  captureCard(id: string, number?: string): Promise<PaymentSession>;
}

/**
 * Registers a fresh core harness and customer call for each test of the calling suite
 * (`beforeEach`/`afterEach`); the object it returns always reads the current test's.
 */
export function usePaymentHarness(
  defaults: StartArgs = {},
  options: Partial<CoreOptions> = {},
): PaymentHarness {
  let current: CoreHarness | undefined;
  let callSid = '';
  beforeEach(async () => {
    current = await startCoreHarness(options);
    callSid = current.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
  });
  afterEach(() => current?.close());
  const now = () => {
    if (!current) throw new Error('The payment harness runs only inside a test.');
    return current;
  };
  const field = (s: PaymentSession, name: PaymentField) => s.fields.find((f) => f.field === name)!;
  const capture = async (id: string, name: PaymentField, keys: string) => {
    const h = now();
    const since = h.events.length;
    await h.invoke('payments.request', { sessionId: id, field: name });
    await h.sandbox.control.pressDigits(callSid, keys);
    return h.until(
      (s) => s.id === id && ['captured', 'error'].includes(field(s, name).status),
      `${name} settled`,
      since,
    );
  };
  return {
    get core() {
      return now().core;
    },
    get sandbox() {
      return now().sandbox;
    },
    get events() {
      return now().events;
    },
    get callSid() {
      return callSid;
    },
    logText: () => now().logText(),
    invoke: (name, args) => now().invoke(name, args),
    send: (name, args) => now().send(name, args),
    until: (...args) => now().until(...args),
    close: () => now().close(),
    field,
    start: (args = {}) => now().invoke('payments.start', { callSid, amount: '12.50', ...defaults, ...args }),
    capture,
    captureCard: async (id, number = '4111111111111111') => {
      await capture(id, 'payment-card-number', `${number}#`);
      await capture(id, 'expiration-date', '1230#');
      await capture(id, 'security-code', '123#');
      return capture(id, 'postal-code', '94109#');
    },
  };
}
