import jwt from 'jsonwebtoken';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxHttpClient } from '../../../src-main/core/twilio/sandbox-http-client';
import { verifyAccessToken } from '../../../src-main/sandbox/voice/access-token';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';

let h: CoreHarness;
let rest: ReturnType<typeof twilio>;

beforeAll(async () => {
  h = await startCoreHarness();
  const c = h.sandbox.credentials;
  rest = twilio(c.accountSid, c.authToken, { httpClient: sandboxHttpClient(h.sandbox.url) });
});
afterAll(() => h.close());

describe('the softphone in sandbox mode', () => {
  it('mints a short-lived token the sandbox accepts, for the agent identity and a TwiML App aimed at the receiver', async () => {
    const minted = await h.invoke('phone.token', {});
    const c = h.sandbox.credentials;
    const grant = verifyAccessToken(minted.token, c.accountSid, (sid) =>
      sid === c.apiKeySid ? c.apiKeySecret : undefined,
    );
    expect(grant).toMatchObject({ identity: 'agent', incomingAllow: true });
    expect(grant.ttl).toBeGreaterThan(0);
    expect(grant.ttl).toBeLessThanOrEqual(600);
    const app = await rest.applications(grant.outgoingApplicationSid!).fetch();
    expect(app.voiceUrl).toBe(`${h.core.webhooksUrl}/twilio/voice/app`);
    expect(minted.device).toEqual({
      chunderw: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      // Where a browser accepts the signaling's per-run certificate: the same host and port.
      certificateUrl: `https://${minted.device.chunderw}/`,
      // The same signaling as plain ws on the sandbox's own port, for a page served over http.
      signalingUrl: `${h.sandbox.url.replace('http:', 'ws:')}/signal`,
      publishEvents: false,
    });
    const header = jwt.decode(minted.token, { complete: true })!.header as unknown as Record<string, string>;
    expect(header.cty).toBe('twilio-fpa;v=1');
  });

  it("points the sandbox number's voice URL at the receiver's number route", async () => {
    const [number] = await rest.incomingPhoneNumbers.list({ limit: 1 });
    expect(number!.voiceUrl).toBe(`${h.core.webhooksUrl}/twilio/voice/number`);
  });

  it('takes an incoming call’s customer leg from the parameter, and refuses a payment on the agent’s leg', async () => {
    const agentLeg = 'CA' + 'a'.repeat(32);
    const customer = 'CA' + 'b'.repeat(32);
    await expect(
      h.invoke('phone.customerLeg', { callSid: agentLeg, direction: 'incoming', customerCallSid: customer }),
    ).resolves.toEqual({ callSid: customer, via: 'parameter' });
    await expect(h.invoke('payments.start', { callSid: agentLeg, amount: '1.00' })).rejects.toMatchObject({
      code: 'agent_leg',
    });
  });

  it('says plainly when an incoming call carries no customer leg', async () => {
    await expect(
      h.invoke('phone.customerLeg', { callSid: 'CA' + 'c'.repeat(32), direction: 'incoming' }),
    ).rejects.toMatchObject({ code: 'no_customer_leg', message: expect.stringContaining('voice URL') });
  });

  it('finds an outgoing call’s child leg in the Calls list when no leg status has come', async () => {
    const parent = h.sandbox.calls.create({
      from: 'client:agent',
      to: '+15550100123',
      direction: 'inbound',
      status: 'in-progress',
    });
    const child = h.sandbox.calls.create({
      from: '+14155550199',
      to: '+15550100123',
      direction: 'outbound-dial',
      parentCallSid: parent.sid,
      status: 'in-progress',
    });
    await expect(
      h.invoke('phone.customerLeg', { callSid: parent.sid, direction: 'outgoing' }),
    ).resolves.toEqual({
      callSid: child.sid,
      via: 'calls-list',
    });
  });
});
