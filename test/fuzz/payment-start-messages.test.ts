import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCoreHarness, type CoreHarness } from '../helpers/core-harness';
import { anyStartInput, FRESH_CALL, mutatedStartArgs } from './start-arbitraries';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 20_000 });

let h: CoreHarness;
beforeAll(async () => {
  h = await startCoreHarness();
});
afterAll(() => h?.close());

const newCall = () => h.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;

/** A sentence an agent can act on: capital first, full stop last, none of zod's own words. */
function expectSentence(message: string) {
  expect(message).toMatch(/^[A-Z]/);
  expect(message).toMatch(/[.!?]$/);
  expect(message).not.toMatch(
    /\.\.$|Invalid input|expected \w+, received|Unrecognized key|Invalid key in record|undefined|NaN/,
  );
}

describe('payments.start: refusals read as sentences', () => {
  it('every refusal message is a sentence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedStartArgs, anyStartInput), async (raw) => {
        const input =
          raw !== null && typeof raw === 'object' && (raw as { callSid?: unknown }).callSid === FRESH_CALL
            ? { ...raw, callSid: newCall() }
            : raw;
        const envelope = await h.core.api.dispatch('payments.start', input);
        if (!envelope.ok) expectSentence(envelope.error.message);
      }),
      { numRuns: 150 },
    );
  });

  it('a start Twilio refuses says why once, in one sentence', async () => {
    // A well-formed Call SID that names no call: only Twilio can refuse it.
    const callSid = `CA${'0'.repeat(32)}`;
    const s = await h.invoke('payments.start', { callSid, amount: '12.00' });
    expect(s.phase).toBe('failed');
    expect(s.message).not.toMatch(/\.\./);
    const reason = s.result?.paymentError ?? '';
    expect(reason).not.toBe('');
    expect(s.message.split(reason.replace(/\.$/, '')).length - 1).toBe(1);
  });

  it('an amount the sandbox (as Twilio) refuses is refused before anything is sent', async () => {
    const envelope = await h.core.api.dispatch('payments.start', {
      callSid: newCall(),
      // KWD has 3 minor units (ISO 4217), so a fourth decimal is what Twilio's 64003 refuses.
      amount: '12.3456',
      currency: 'KWD',
    });
    expect(envelope.ok).toBe(false);
  });
});
