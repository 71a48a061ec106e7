import type { Page } from 'playwright-core';
import { eventually } from './voice-rig';

type PhoneWindow = { phone: Record<string, (...args: unknown[]) => unknown> };

/** One event the test page recorded (see test/helpers/sdk-page/phone.js). */
export interface PhoneEvent {
  type: string;
  id?: number;
  sid?: string;
  code?: number;
  from?: string;
  to?: string;
  params?: Record<string, string>;
}

/** Typed access to the page's window.phone driver. */
export function phoneDriver(page: () => Page) {
  const call = <T>(fn: string, ...args: unknown[]) =>
    page().evaluate(
      ([f, a]) => (globalThis as unknown as PhoneWindow).phone[f as string]!(...(a as unknown[])),
      [fn, args] as const,
    ) as Promise<T>;
  const events = () => call<PhoneEvent[]>('events');
  const waitEvent = (type: string, id?: number, ms = 5000) =>
    eventually(
      async () => (await events()).find((e) => e.type === type && (id === undefined || e.id === id)),
      ms,
      `the page event ${type}`,
    );
  return { call, events, waitEvent };
}
