import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, startRig, type Rig } from '../harness';
import { paymentFlow } from '../flow';

const logs: string[] = [];
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })) });
});
afterAll(() => rig.close());

describe('callback delivery', () => {
  it('signs over the exact StatusCallback URL, query string included, and sends each event to the URL that caused it', async () => {
    const flow = paymentFlow(rig);
    await flow.start();
    await flow.waitFor(() => true);
    const from = flow.mark();
    await flow.capture('payment-card-number', rig.receiver.url('/pay?lastCall=card&step=1'));
    await flow.press('4111111111111111#');
    await flow.waitFor((p) => p.Required === 'expiration-date,security-code,postal-code', from);
    const paths = new Set(rig.receiver.received.slice(from).map((r) => r.path));
    expect([...paths]).toEqual(['/pay?lastCall=card&step=1']);
    expect(rig.receiver.badSignatures).toEqual([]);
  });

  it('fails validateRequest at a receiver that holds another auth token', async () => {
    const stranger = await startReceiver('not-the-sandbox-token');
    try {
      const flow = paymentFlow(rig);
      await flow.start();
      await flow.capture('payment-card-number', stranger.url('/status'));
      await rig.sandbox.idle();
      expect(stranger.badSignatures.length).toBeGreaterThan(0);
      expect(stranger.received).toEqual([]);
    } finally {
      await stranger.close();
    }
  });
});

describe('no card data leaves the sandbox', () => {
  it('keeps card numbers and security codes out of logs, the ledger and the control API', async () => {
    const flow = paymentFlow(rig);
    await flow.start({ chargeAmount: 3 });
    await flow.enter('payment-card-number', '378282246310005#');
    await flow.enter('expiration-date', '1230');
    await flow.enter('security-code', '9731');
    await flow.enter('postal-code', '94109#');
    await flow.status('complete');
    await rig.sandbox.idle();
    const ledger = await (await fetch(`${rig.sandbox.url}/_sandbox/ledger`)).text();
    const calls = await (await fetch(`${rig.sandbox.url}/_sandbox/calls`)).text();
    const everything = [...logs, ledger, calls, JSON.stringify(rig.receiver.received)].join('\n');
    expect(everything).toContain('0005');
    expect(everything).not.toContain('378282246310005');
    expect(everything).not.toContain('82246310005');
    // The code is four digits, so it can turn up by chance inside a random SID, a port or a
    // duration; a leak is the code on its own, so look for it between non-digits with the random
    // identifiers taken out.
    expect(withoutRandomIds(everything)).not.toMatch(/(?<![0-9])9731(?![0-9])/);
    expect(logs.some((l) => l.includes('payment.ended'))).toBe(true);
  });
});

/**
 * The text with every random identifier taken out: SIDs, UUIDs, confirmation codes and tokens are
 * long runs of letters and digits mixed, which may hold any four digits by chance.
 */
function withoutRandomIds(text: string): string {
  return text.replace(/\b(?=\w*[A-Za-z])(?=\w*[0-9])\w{12,}\b/g, '<id>');
}
