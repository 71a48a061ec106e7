import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Envelope } from '@shared/api/errors';
import { PaymentSession, StartPaymentArgs } from '@shared/payments';
import type { SandboxLog } from '../../src-main/sandbox/rest-app';
import { startCoreHarness, type CoreHarness } from '../helpers/core-harness';
import { waitFor } from '../helpers/wait-for';
import { anyStartInput, FRESH_CALL, mutatedStartArgs, validStartArgs } from './start-arbitraries';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 20_000 });

describe('StartPaymentArgs under fuzzing (pure)', () => {
  it('never throws, and what it accepts validates again unchanged', () => {
    fc.assert(
      fc.property(anyStartInput, (input) => {
        const parsed = StartPaymentArgs.safeParse(input);
        if (parsed.success) expect(StartPaymentArgs.parse(parsed.data)).toEqual(parsed.data);
        else expect(parsed.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 800 },
    );
  });

  it('accepts every generated valid input, so the mutations above start from real starts', () => {
    fc.assert(
      fc.property(validStartArgs, (args) => {
        const input = { ...args, callSid: `CA${'1'.repeat(32)}` };
        expect(StartPaymentArgs.safeParse(input).error?.issues ?? []).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

let h: CoreHarness;
let creates = 0;
let busyCall: string;

// Payments creates as the sandbox counts them: POST …/Calls/:CallSid/Payments.json, whatever it answered.
const countCreates: SandboxLog = (event, fields) => {
  if (
    event === 'sandbox.request' &&
    fields?.method === 'POST' &&
    String(fields.route).endsWith('/Payments.json')
  )
    creates++;
};

beforeAll(async () => {
  h = await startCoreHarness({ sandbox: { timeScale: 0.02, log: countCreates } });
  busyCall = h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
  await h.invoke('payments.start', { callSid: busyCall, amount: '1.00' });
});
afterAll(() => h?.close());

const sessionCount = async () => (await h.invoke('payments.get', {})).sessions.length;

/** Puts a real call where the input asks for one; sometimes the call that already has a payment open. */
function withCall(input: unknown, busy: boolean): unknown {
  if (input === null || typeof input !== 'object' || (input as { callSid?: unknown }).callSid !== FRESH_CALL)
    return input;
  const callSid = busy
    ? busyCall
    : h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
  return { ...input, callSid };
}

/** No internals in what the agent reads: no stack, no object dump. */
function expectNoInternals(message: string) {
  expect(message.trim().length).toBeGreaterThan(0);
  expect(message).not.toMatch(/\[object |\n\s+at |Error:/);
}

describe('payments.start through the core under fuzzing', () => {
  it('refuses bad input with a coded message and sends nothing; every accepted input starts a session', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: mutatedStartArgs },
          { weight: 1, arbitrary: anyStartInput },
          validStartArgs,
        ),
        fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        async (raw, busy) => {
          const input = withCall(raw, busy);
          const before = { creates, sessions: await sessionCount() };
          const envelope = await h.core.api.dispatch('payments.start', input);
          expect(Envelope.safeParse(envelope).success).toBe(true);
          if (!envelope.ok) {
            expect(envelope.error.code).toMatch(/^[a-z_]+$/);
            expectNoInternals(envelope.error.message);
            expect(creates).toBe(before.creates);
            expect(await sessionCount()).toBe(before.sessions);
            return;
          }
          // Accepted: exactly one create reached Twilio, and a session exists that says where it stands.
          expect(StartPaymentArgs.safeParse(input).success).toBe(true);
          const session = PaymentSession.parse(envelope.value);
          expect(session.callSid).toBe((input as { callSid: string }).callSid);
          await waitFor(() => creates === before.creates + 1, 2_000, 'the create to be counted');
          expect(await sessionCount()).toBe(before.sessions + 1);
          expect(['open', 'failed']).toContain(session.phase);
          if (session.phase === 'failed') expectNoInternals(session.alert?.message ?? session.message);
        },
      ),
      { numRuns: 150 },
    );
  });
});
