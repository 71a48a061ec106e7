import type { AppApi, CommandArgs, CommandName, EventName, EventPayload } from '@shared/api/contract';
import type { PaymentSession } from '@shared/payments/session';

type Handler = (args: unknown) => unknown;

/** An in-memory AppApi: handlers per command, a call log, and a way to push events. */
export function fakeApi(handlers: Partial<Record<CommandName, Handler>> = {}) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { name: CommandName; args: unknown }[] = [];
  const api: AppApi = {
    async invoke<K extends CommandName>(name: K, args: CommandArgs<K>) {
      calls.push({ name, args });
      const handler = handlers[name];
      if (!handler) throw new Error(`no fake for ${name}`);
      return (await handler(args)) as never;
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => void set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  return { api, calls, emit, handlers };
}

export const CALL = 'CA' + 'a'.repeat(32);
export const OTHER_CALL = 'CA' + 'b'.repeat(32);

/** A card session open on CALL, with the given field states. */
export function cardSession(over: Partial<PaymentSession> = {}): PaymentSession {
  return {
    id: 'ps-1',
    callSid: CALL,
    agent: 'agent',
    method: 'credit-card',
    charge: true,
    amount: '12.50',
    amountMinor: 1250,
    currency: 'USD',
    phase: 'open',
    fields: [
      { field: 'payment-card-number', status: 'pending' },
      { field: 'expiration-date', status: 'pending' },
      { field: 'security-code', status: 'pending' },
      { field: 'postal-code', status: 'pending' },
    ],
    required: [],
    readyToComplete: false,
    card: {},
    bank: {},
    message: 'Request the card number when the customer is ready.',
    startedAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    version: 0,
    ...over,
  };
}
