import { readFile } from 'node:fs/promises';
import { connect as tlsConnect } from 'node:tls';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '@shared/api/errors';
import type { PaymentSession } from '@shared/payments';
import type { PhoneToken } from '@shared/api/phone';
import { APP_ORIGIN } from '../../src-main/electron/renderer-protocol';
import { fetchSandboxPem, sandboxCertificateCheck } from '../../src-main/electron/sandbox-certificate';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { redeemInvite } from '../../src-main/team-link';
import { startCutProxy } from '../helpers/cut-proxy';
import { waitFor } from '../helpers/wait-for';
import { freshDatabase, type TestDatabase } from './helpers/databases';
import { startTestDesktop } from './helpers/desktop';
import { cookieFrom, signIn, startTestServer } from './helpers/team';

// A real team server on a real PostgreSQL, a desktop host linked to it through a relay we can cut.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let proxy: Awaited<ReturnType<typeof startCutProxy>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let desktop: Awaited<ReturnType<typeof startTestDesktop>>;

const field = (s: PaymentSession, name: string) => s.fields.find((f) => f.field === name)!;
const captured = (name: string) => (s: PaymentSession) => field(s, name).status === 'captured';

beforeAll(async () => {
  database = await freshDatabase('postgres');
  proxy = await startCutProxy();
  // The proxy's address is the one people (and desktops) reach the server at.
  server = await startTestServer({ databaseUrl: database.url, publicUrl: proxy.url });
  proxy.to(server.port);
  desktop = await startTestDesktop();
});

afterAll(async () => {
  await desktop?.close();
  await server?.close();
  await proxy?.close();
  await database?.drop();
});

/** Events the link received as frames: name and sequence number, in order. */
const eventFrames = () =>
  desktop.frames
    .map((text) => JSON.parse(text) as { type: string; seq?: number; name?: string })
    .filter((f) => f.type === 'event' || f.type === 'hello');

/** Requests a field through the desktop, keys it as the customer at the server's sandbox, waits until captured. */
async function capture(sessionId: string, callSid: string, name: string, digits: string) {
  const since = desktop.sessions.length;
  await desktop.invoke('payments.request', { sessionId, field: name });
  await desktop.invoke('sandbox.press', { callSid, digits });
  return desktop.until((s) => s.id === sessionId && captured(name)(s), `${name} captured`, since);
}

describe('the team link: a desktop working through its team server', () => {
  it('starts solo, then Connect redeems the invite and runs no local core', async () => {
    expect(await desktop.invoke('team.status')).toEqual({ state: 'off' });
    const local = desktop.host.core()!;
    expect(await desktop.invoke('app.status')).toMatchObject({ mode: 'sandbox' });
    const { link } = await server.admin.invite({ name: 'Ana Ruiz', role: 'agent' });

    const status = await desktop.invoke('team.connect', { serverUrl: proxy.url, inviteCode: link });
    expect(status).toMatchObject({ serverUrl: proxy.url, user: { name: 'Ana Ruiz', role: 'agent' } });
    await desktop.linkState('connected');
    // Team mode: this computer's core is stopped: no receiver, no sandbox, no Twilio client.
    expect(desktop.host.core()).toBeUndefined();
    await expect(fetch(local.webhooksUrl)).rejects.toThrow();
    expect(desktop.links.at(-1)).toMatchObject({ state: 'connected', resync: true });
    // The credential is in the SecretStore, not in the link's file.
    expect(await readFile(`${desktop.dataDir}/team-link.json`, 'utf8')).not.toMatch(/token/i);
    // The same invite works once.
    await expect(
      desktop.invoke('team.connect', { serverUrl: proxy.url, inviteCode: link }),
    ).rejects.toMatchObject({ code: 'invite_used', field: 'inviteCode' });
    expect(desktop.host.teamStatus.state).toBe('connected');
  });

  it('gives the desktop’s softphone the server’s token for this person and the server’s sandbox signaling, which the shell lets it reach', async () => {
    expect(desktop.host.signalingAddress()).toBeUndefined();
    const since = desktop.links.length;
    const minted = (await desktop.invoke('phone.token')) as PhoneToken;
    // The server minted it for the person signed in, not for this computer's own agent name.
    const [ana] = await server.db.query<{ identity: string }>(
      "select identity from users where name = 'Ana Ruiz'",
    );
    expect(minted.identity).toBe(ana!.identity);
    const grant = JSON.parse(Buffer.from(minted.token.split('.')[1]!, 'base64url').toString()) as {
      grants: { identity: string };
    };
    expect(grant.grants.identity).toBe(ana!.identity);

    // Main now names the server's sandbox signaling for the window's CSP, and re-announced the link (the page reloads).
    const chunderw = server.core.phone.signalingAddress()!;
    expect(minted.device.chunderw).toBe(chunderw);
    expect(desktop.host.signalingAddress()).toBe(chunderw);
    expect(desktop.links.slice(since)).toContainEqual(expect.objectContaining({ state: 'connected' }));
    expect(desktop.host.sandboxUrl()).toBe(server.core.sandbox()!.url);

    // The shell's certificate check trusts exactly the server sandbox's certificate there.
    const pem = await new Promise<string>((resolve, reject) => {
      const [host, port] = chunderw.split(':');
      const socket = tlsConnect({ host, port: Number(port), rejectUnauthorized: false }, () => {
        const der = socket.getPeerCertificate().raw.toString('base64');
        socket.end();
        resolve(
          `-----BEGIN CERTIFICATE-----\n${der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`,
        );
      }).once('error', reject);
    });
    const check = sandboxCertificateCheck(() => fetchSandboxPem(desktop.host.sandboxUrl()));
    expect(await check(`wss://${chunderw}/signal`, pem)).toBe(true);
    // And the server's sandbox takes the desktop page's own origin, as it refuses other pages.
    const upgrade = (origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`wss://${chunderw}/signal`, { origin, ca: pem });
        socket.once('open', () => (socket.close(), resolve(101)));
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', () => resolve(0));
      });
    expect(await upgrade(APP_ORIGIN)).toBe(101);
    expect(await upgrade('https://elsewhere.example')).toBe(403);
  });

  it('takes a card payment end to end through the relay', async () => {
    const call = (await desktop.invoke('sandbox.callIn')) as { sid: string };
    const started = (await desktop.invoke('payments.start', {
      callSid: call.sid,
      amount: '12.50',
    })) as PaymentSession;
    expect(started).toMatchObject({ phase: 'open', amount: '12.50' });
    const { cards } = (await desktop.invoke('sandbox.testCards')) as {
      cards: { id: string; last4: string }[];
    };
    const visa = cards.find((c) => c.last4 === '1111')!;

    let since = desktop.sessions.length;
    await desktop.invoke('payments.request', { sessionId: started.id, field: 'payment-card-number' });
    await desktop.invoke('sandbox.keyTestCard', { callSid: call.sid, id: visa.id });
    await desktop.until((s) => s.id === started.id && captured('payment-card-number')(s), 'card', since);
    await capture(started.id, call.sid, 'expiration-date', '1230#');
    await capture(started.id, call.sid, 'security-code', '123#');
    const ready = await capture(started.id, call.sid, 'postal-code', '94109#');
    expect(ready.card).toMatchObject({ last4: '1111' });

    since = desktop.sessions.length;
    await desktop.invoke('payments.complete', { sessionId: started.id });
    const done = await desktop.until((s) => s.id === started.id && s.phase === 'succeeded', 'success', since);
    expect(done.result?.confirmationCode).toBeTruthy();
    expect(server.core.sandbox()!.ledger()).toHaveLength(1);
  });

  it('misses no event when the socket drops mid-capture: it resumes from its last number', async () => {
    const call = (await desktop.invoke('sandbox.callIn')) as { sid: string };
    const started = (await desktop.invoke('payments.start', {
      callSid: call.sid,
      amount: '3.00',
    })) as PaymentSession;
    await desktop.invoke('payments.request', { sessionId: started.id, field: 'payment-card-number' });
    const { cards } = (await desktop.invoke('sandbox.testCards')) as {
      cards: { id: string; last4: string }[];
    };
    const before = desktop.host.teamStatus;
    expect(before.state).toBe('connected');

    // The Wi-Fi goes while the customer keys the card: every event of it happens while offline.
    proxy.offline();
    await desktop.linkState('reconnecting');
    const serverSide: PaymentSession[] = [];
    const stop = server.core.api.subscribe((name, payload) => {
      if (name === 'payments.session' && (payload as PaymentSession).id === started.id)
        serverSide.push(payload as PaymentSession);
    });
    await server.core.api.dispatch('sandbox.keyTestCard', {
      callSid: call.sid,
      id: cards.find((c) => c.last4 === '1111')!.id,
    });
    await waitFor(() => serverSide.find(captured('payment-card-number')), 15_000, 'captured at the server');
    stop();
    const missed = serverSide.length;
    expect(missed).toBeGreaterThan(1);

    proxy.online();
    await desktop.linkState('connected');
    const reconnected = desktop.links.at(-1)!;
    expect(reconnected.resync).toBeUndefined();
    await desktop.until((s) => s.id === started.id && captured('payment-card-number')(s), 'caught up');
    // Every update the server made while offline reached the desktop, in order, once each.
    const seen = desktop.sessions.filter((s) => s.id === started.id);
    expect(seen.slice(-missed)).toEqual(serverSide);
    // The numbers run without a gap from the first hello on.
    const frames = eventFrames();
    const hello = frames.findIndex((f) => f.type === 'hello');
    // (The instance's own events, its status and the softphone's, carry no team number.)
    const seqs = frames
      .slice(hello + 1)
      .filter((f) => f.type === 'event' && f.seq !== undefined)
      .map((f) => f.seq!);
    const first = (frames[hello] as unknown as { seq: number }).seq;
    expect(seqs).toEqual(seqs.map((_, i) => first + 1 + i));
    expect(frames.filter((f) => f.type === 'hello').length).toBeGreaterThanOrEqual(2);
    await desktop.invoke('payments.cancel', { sessionId: started.id });
  });

  it('answers a command retried after a drop once: the same command id never starts a second payment', async () => {
    const { link } = await server.admin.invite({ name: 'Raw Client', role: 'agent' });
    const { token } = await redeemInvite(server.url, link.split('/').pop()!, 'raw socket');
    const call = server.core.sandbox()!.control.createCall({ from: '+14155550123', to: '+14155550100' });
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/link`, {
          headers: { authorization: `Bearer ${token}` },
        });
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    const answer = (socket: WebSocket, id: number) =>
      new Promise<Envelope>((resolve) =>
        socket.on('message', (data) => {
          const frame = JSON.parse(String(data));
          if (frame.type === 'result' && frame.id === id) resolve(frame.envelope);
        }),
      );
    const start = JSON.stringify({
      type: 'invoke',
      id: 1,
      name: 'payments.start',
      args: { callSid: call.sid, amount: '9.99' },
      commandId: 'retry-test-0001',
    });
    // Sent, and the socket dies before any answer comes back.
    const first = await open();
    first.send(start);
    first.terminate();
    // The retry, on a new socket, twice at once.
    const [a, b] = [await open(), await open()];
    const answers = Promise.all([answer(a, 1), answer(b, 1)]);
    a.send(start);
    b.send(start);
    const [one, two] = await answers;
    expect(one).toMatchObject({ ok: true, value: { callSid: call.sid, amount: '9.99' } });
    expect(two).toEqual(one);
    const { sessions } = (await server.core.api
      .dispatch('payments.get', { callSid: call.sid })
      .then((e) => (e.ok ? e.value : { sessions: [] }))) as { sessions: PaymentSession[] };
    expect(sessions.map((s) => s.id)).toEqual([(one as { value: PaymentSession }).value.id]);
    // A new command id is a new command: the call's open session refuses a second start.
    const fresh = await open();
    const third = answer(fresh, 2);
    fresh.send(start.replace('"id":1', '"id":2').replace('retry-test-0001', 'retry-test-0002'));
    expect(await third).toMatchObject({ ok: false });
    for (const socket of [a, b, fresh]) socket.close();
  });

  it('takes a browser’s cookie from its own origin only, and redeems invites for desktops, not other sites', async () => {
    const { link } = await server.admin.invite({ name: 'Sam Lee', role: 'supervisor' });
    const cookie = cookieFrom(await signIn(server, link));
    const hello = (origin: string) =>
      new Promise<{ status?: number; hello?: { type: string; resumed: boolean } }>((resolve) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/link`, {
          origin,
          headers: { cookie },
        });
        socket.once('message', (data) => {
          resolve({ hello: JSON.parse(String(data)) });
          socket.close();
        });
        socket.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
      });
    expect((await hello(server.url)).hello).toMatchObject({ type: 'hello', resumed: false });
    expect(await hello('https://evil.example')).toEqual({ status: 401 });

    const other = await server.admin.invite({ name: 'Kim Ito', role: 'agent' });
    const redeem = (headers: Record<string, string>) =>
      fetch(`${server.url}/link/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ code: other.link.split('/').pop(), label: 'x' }),
      });
    expect((await redeem({ origin: 'https://evil.example' })).status).toBe(403);
    const ok = await redeem({});
    expect(ok.status).toBe(200);
    const again = await redeem({});
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: { code: 'invite_used' } });
  });

  it('never shows the device a Twilio secret in any frame', () => {
    const { authToken, apiKeySecret } = server.core.sandbox()!.credentials;
    const all = desktop.frames.join('\n');
    expect(desktop.frames.length).toBeGreaterThan(50);
    expect(all).not.toContain(authToken);
    expect(all).not.toContain(apiKeySecret);
  });

  it('comes back after the server restarts: the team’s numbers outlive the instance, so the desktop resumes', async () => {
    const before = desktop.links.length;
    await server.close();
    await desktop.linkState('reconnecting');
    // The same team (the same database) on a new instance, behind the same address.
    server = await startTestServer({ databaseUrl: database.url, publicUrl: proxy.url });
    proxy.to(server.port);
    await desktop.linkState('connected');
    expect(desktop.links.slice(before).at(-1)).toMatchObject({ state: 'connected' });
    expect(desktop.links.slice(before).at(-1)!.resync).toBeUndefined();
    expect(await desktop.invoke('app.status')).toMatchObject({ mode: 'sandbox' });
  });

  it('cuts a revoked device off at once, tells it so, and the desktop can go back to working solo', async () => {
    const device = (await server.admin.devices()).find((d) => d.label === 'Test desktop' && !d.revokedAt)!;
    await server.admin.revoke(device.id);
    await desktop.linkState('refused');
    expect(desktop.host.teamStatus.message).toMatch(/revoked this device/);
    await expect(desktop.invoke('app.status')).rejects.toMatchObject({ code: 'device_refused' });

    // Its credential opens nothing any more, on a new socket either.
    const token = await browserSecretStore(desktop.dataDir).get('teamDevice');
    expect(token).toBeTruthy();
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/link`, {
        headers: { authorization: `Bearer ${token}` },
      });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(refused).toBe(401);

    await desktop.invoke('team.disconnect');
    expect(desktop.host.teamStatus).toEqual({ state: 'off' });
    expect(await browserSecretStore(desktop.dataDir).has('teamDevice')).toBe(false);
    expect(desktop.host.core()).toBeDefined();
    expect(await desktop.invoke('app.status')).toMatchObject({ mode: 'sandbox' });
  });

  it('revokes its own credential on the server at Disconnect; offline, forgets it and says the server still lists it', async () => {
    const connect = async (name: string) => {
      const { link } = await server.admin.invite({ name, role: 'agent' });
      await desktop.invoke('team.connect', { serverUrl: proxy.url, inviteCode: link });
      await desktop.linkState('connected');
      const token = (await browserSecretStore(desktop.dataDir).get('teamDevice'))!;
      const device = (await server.admin.devices()).find((d) => d.userName === name)!;
      return { token, device };
    };
    const opens = (token: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/link`, {
          headers: { authorization: `Bearer ${token}` },
        });
        socket.once('open', () => (socket.close(), resolve(101)));
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      });

    const online = await connect('Bea Online');
    expect(await desktop.invoke('team.disconnect')).toEqual({ state: 'off' });
    expect((await server.admin.devices()).find((d) => d.id === online.device.id)?.revokedAt).toBeDefined();
    expect(await opens(online.token)).toBe(401);

    const offline = await connect('Cal Offline');
    proxy.offline();
    try {
      expect(await desktop.invoke('team.disconnect')).toMatchObject({
        state: 'off',
        message: expect.stringMatching(/will still list it until an admin revokes it/),
      });
    } finally {
      proxy.online();
    }
    expect(await browserSecretStore(desktop.dataDir).has('teamDevice')).toBe(false);
    expect(await desktop.invoke('app.status')).toMatchObject({ mode: 'sandbox' });
    // The server never heard: the device is still listed, its credential still opens a link.
    expect((await server.admin.devices()).find((d) => d.id === offline.device.id)?.revokedAt).toBeUndefined();
    expect(await opens(offline.token)).toBe(101);
    // A credential the server does not know revokes nothing.
    const stray = await fetch(`${server.url}/link/revoke`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-device' },
    });
    expect(stray.status).toBe(401);
  });
});
