import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallSummary } from '@shared/api/calls';
import { sandboxHttpClient } from '../../src-main/core/twilio/sandbox-http-client';
import { TWIML_APP_NAME } from '../../src-main/core/twilio/account-setup';
import { WEBHOOK_PATHS } from '../../src-main/core/webhooks';
import { startSandbox, type Sandbox } from '../../src-main/sandbox';
import { AgentMedia } from '../../src-main/sandbox/voice/agent-media';
import { createVoice } from '../../src-main/sandbox/voice';
import { freePort } from '../helpers/core-process';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { wsInvoker } from '../helpers/ws-client';
import { freshDatabase, type TestDatabase } from './helpers/databases';
import { cookieFrom, openApi, signIn, startTestServer } from './helpers/team';

type Frame = { type: string; payload: Record<string, unknown> };
type Api = ReturnType<typeof wsInvoker>;

let database: TestDatabase;
let sandbox: Sandbox;
let proxy: RoundRobinProxy;
let dirs: Awaited<ReturnType<typeof tempDir>>;
let a: Awaited<ReturnType<typeof startTestServer>>;
let b: Awaited<ReturnType<typeof startTestServer>>;
let businessNumber: string;
const media: AgentMedia[] = [];
const sockets: WebSocket[] = [];
// Every REST request the server made to "Twilio": method and route pattern, as the sandbox logs them.
const requests: Array<{ method: string; route: string }> = [];
// Two agents with the start form open, one console on each instance.
let ana: Api;
let cy: Api;

beforeAll(async () => {
  database = await freshDatabase('postgres');
  const voice = createVoice({ ringMs: 300, heartbeatMs: 1000 });
  sandbox = await startSandbox({
    extensions: [voice.extension],
    log: (event, fields) => {
      if (event === 'sandbox.request') requests.push(fields as { method: string; route: string });
    },
  });
  const c = sandbox.credentials;
  const rest = twilio(c.apiKeySid, c.apiKeySecret, {
    accountSid: c.accountSid,
    httpClient: sandboxHttpClient(sandbox.url),
  });
  // The admin's one-time setup made the TwiML App and picked the business number.
  const app = await rest.applications.create({ friendlyName: TWIML_APP_NAME });
  businessNumber = (await rest.incomingPhoneNumbers.list({ limit: 1 }))[0]!.phoneNumber;
  proxy = await startRoundRobinProxy();
  dirs = await tempDir('live-calls-');
  const auditKeyFile = join(dirs.path, 'audit.key');
  await writeFile(auditKeyFile, randomBytes(32), { mode: 0o600 });
  const ports = [await freePort(), await freePort()];
  proxy.targets = ports.map((port) => `http://127.0.0.1:${port}`);
  const start = async (name: string, webhookPort: number) => {
    const dataDir = join(dirs.path, name);
    await mkdir(join(dataDir, 'core'), { recursive: true });
    await writeFile(
      join(dataDir, 'core', 'settings.json'),
      JSON.stringify({
        agentIdentity: 'server',
        twilio: { twimlAppSid: app.sid, callerId: businessNumber },
        tunnel: { provider: 'localtunnel' },
      }),
    );
    return startTestServer({
      dataDir,
      webhookPort,
      databaseUrl: database.url,
      auditKeyFile,
      credentials: sandbox.credentials,
      restBaseUrl: sandbox.url,
      publicUrl: proxy.url,
    });
  };
  a = await start('a', ports[0]!);
  b = await start('b', ports[1]!);
  // Live mode wires the App and the number to the public URL, StatusCallback included.
  const statusUrl = `${proxy.url}${WEBHOOK_PATHS.callStatus}`;
  await waitFor(
    async () =>
      (await rest.applications(app.sid).fetch()).statusCallback === statusUrl &&
      (await rest.incomingPhoneNumbers.list({ phoneNumber: businessNumber }))[0]!.statusCallback ===
        statusUrl,
    30_000,
    'the App and the number to get their StatusCallback',
  );
}, 180_000);

afterAll(async () => {
  for (const m of media) m.close();
  for (const socket of sockets) socket.terminate();
  await a?.close();
  await b?.close();
  await proxy?.close();
  await sandbox?.close();
  await dirs?.cleanup();
  await database?.drop();
});

/** Signs an agent in (the invite made on A) and opens their console on `server`. */
async function agent(server: typeof a, name: string): Promise<Api> {
  const { link } = await a.admin.invite({ name, role: 'agent' });
  const { socket } = await openApi(server, cookieFrom(await signIn(a, link)));
  sockets.push(socket!);
  return wsInvoker(socket!);
}

/** The agent's softphone, registered with the sandbox's signaling as the Voice SDK would be. */
async function softphone(api: Api) {
  const token = ((await api.invoke('phone.token', {})) as { value: { token: string } }).value.token;
  const ws = new WebSocket(`${sandbox.url.replace('http', 'ws')}/signal`);
  sockets.push(ws);
  const got: Frame[] = [];
  ws.on('message', (data) => String(data).trim() && got.push(JSON.parse(String(data)) as Frame));
  await new Promise((resolve) => ws.once('open', resolve));
  const send = (type: string, payload: Record<string, unknown>) =>
    ws.send(JSON.stringify({ type, version: '1.6', payload }));
  const next = (type: string) => waitFor(() => got.find((f) => f.type === type), 15_000, `a ${type} frame`);
  send('listen', { token, browserinfo: {}, reconnectTimeout: 10000 });
  await next('connected');
  send('register', { media: { audio: true } });
  await next('ready');
  return { send, next };
}

const listed = async (api: Api) =>
  ((await api.invoke('calls.list', {})) as { ok: boolean; value: { calls: CallSummary[] } }).value.calls;
/** The latest `calls.changed` list the console was sent. */
const shown = (api: Api) =>
  (api.events.filter((e) => e.name === 'calls.changed').at(-1)?.payload as { calls?: CallSummary[] })?.calls;
const callsListRequests = () => requests.filter((r) => r.method === 'GET' && /\/Calls\.json$/.test(r.route));

const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(sandbox.credentials.authToken, `${proxy.url}${path}`, params);
/** Posts a callback to the balancer as Twilio would; signed with the Auth Token unless `signature` is given. */
const post = (path: string, params: Record<string, string>, signature = sign(path, params)) =>
  fetch(`${proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params),
  });
const row = async (sid: string) =>
  (await a.db.query<{ status: string }>('select status from live_calls where call_sid = $1', [sid]))[0];
const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

describe('calls learnt from Twilio’s status callbacks, kept in the team’s database', () => {
  it('shows a call to the business number on every instance’s consoles, and its end, with no Calls-list request', async () => {
    ana = await agent(a, 'Ana Ruiz');
    cy = await agent(b, 'Cy Diaz');
    // Both open the "Call to charge" form: one list each, then only calls.changed events.
    expect(await listed(ana)).toEqual([]);
    expect(await listed(cy)).toEqual([]);
    const phone = await softphone(ana);

    const call = await sandbox.control.callIn({ from: '+14155550123', to: businessNumber });
    const invite = await phone.next('invite');
    const answer = await AgentMedia.answer(String(invite.payload.sdp));
    media.push(answer.media);
    phone.send('answer', { callsid: invite.payload.callsid, sdp: answer.sdp });

    // Each instance's console is told, wherever the callback landed (the other learns by NOTIFY).
    const inProgress = (calls: CallSummary[] | undefined) =>
      calls?.find((c) => c.sid === call.sid && c.status === 'in-progress');
    for (const [api, where] of [
      [ana, 'A'],
      [cy, 'B'],
    ] as const)
      expect(await waitFor(() => inProgress(shown(api)), 15_000, `the call on ${where}`)).toMatchObject({
        from: '+14155550123',
        to: businessNumber,
        direction: 'inbound',
      });
    expect(inProgress(await listed(cy))).toBeDefined();

    sandbox.control.hangup(call.sid);
    for (const api of [ana, cy])
      await waitFor(() => shown(api) && !shown(api)!.some((c) => c.sid === call.sid), 15_000, 'the end');
    expect((await listed(ana)).some((c) => c.sid === call.sid)).toBe(false);
    expect(await row(call.sid)).toEqual({ status: 'completed' });
    // The number's StatusCallback reached the server, through the balancer.
    expect(proxy.forwarded.some((f) => f.path === WEBHOOK_PATHS.callStatus && f.status === 204)).toBe(true);
    // Not one Calls-list request to "Twilio" while the two forms were open.
    expect(callsListRequests()).toEqual([]);
  }, 60_000);

  it('tells both instances’ consoles of news that one instance took (NOTIFY with ids, the table read)', async () => {
    const sid = newCallSid();
    const params = { CallSid: sid, CallStatus: 'in-progress', From: '+14155550166', To: businessNumber };
    // One callback: it lands on A or B, and the other instance hears of it only through the database.
    expect((await post(WEBHOOK_PATHS.callStatus, params)).status).toBe(204);
    for (const api of [ana, cy])
      await waitFor(() => shown(api)?.some((c) => c.sid === sid), 15_000, 'the call on both consoles');
    expect((await post(WEBHOOK_PATHS.callStatus, { ...params, CallStatus: 'completed' })).status).toBe(204);
    for (const api of [ana, cy])
      await waitFor(() => shown(api) && !shown(api)!.some((c) => c.sid === sid), 15_000, 'its end on both');
  });

  it('refuses a forged status callback with 403 and changes nothing', async () => {
    const sid = newCallSid();
    const params = { CallSid: sid, CallStatus: 'in-progress', From: '+14155550177', To: businessNumber };
    const forged = await post(
      WEBHOOK_PATHS.callStatus,
      params,
      sign(WEBHOOK_PATHS.callStatus, { ...params, To: '+1' }),
    );
    expect(forged.status).toBe(403);
    expect(await row(sid)).toBeUndefined();
    // The same, signed, is taken: the refusal was the signature's.
    expect((await post(WEBHOOK_PATHS.callStatus, params)).status).toBe(204);
    expect(await row(sid)).toEqual({ status: 'in-progress' });
    expect((await post(WEBHOOK_PATHS.callStatus, { ...params, CallStatus: 'completed' })).status).toBe(204);
  });

  it('never brings an ended call back for a late callback (SequenceNumber, Timestamp)', async () => {
    const parent = newCallSid();
    const child = newCallSid();
    const leg = (status: string, sequence: number, at: string) => ({
      CallSid: child,
      ParentCallSid: parent,
      CallStatus: status,
      From: businessNumber,
      To: '+14155550188',
      Direction: 'outbound-dial',
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: at,
    });
    expect(
      (await post(WEBHOOK_PATHS.legStatus, leg('initiated', 0, 'Wed, 02 Dec 2026 05:00:00 GMT'))).status,
    ).toBe(204);
    // "completed" arrives before "ringing" and "answered" (each lands on either instance).
    expect(
      (await post(WEBHOOK_PATHS.legStatus, leg('completed', 3, 'Wed, 02 Dec 2026 05:00:09 GMT'))).status,
    ).toBe(204);
    expect(
      (await post(WEBHOOK_PATHS.legStatus, leg('ringing', 1, 'Wed, 02 Dec 2026 05:00:01 GMT'))).status,
    ).toBe(204);
    expect(
      (await post(WEBHOOK_PATHS.legStatus, leg('in-progress', 2, 'Wed, 02 Dec 2026 05:00:03 GMT'))).status,
    ).toBe(204);
    expect(await row(child)).toEqual({ status: 'completed' });
    expect((await listed(await agent(b, 'Di Park'))).some((c) => c.sid === child)).toBe(false);
  });
});
