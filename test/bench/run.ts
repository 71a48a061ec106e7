// npm run bench: Callpay's performance, as numbers a run prints. The last line is one JSON object.
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import twilio from 'twilio';
import type { PaymentSession } from '@shared/payments';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { localtunnelProvider } from '../../src-main/core/tunnel';
import { startSandbox } from '../../src-main/sandbox';
import { startTunnelServer } from '../helpers/tunnel-server';
import { memorySecrets, writeLiveSettings } from '../helpers/live-mode';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { measureCallbackLatency, p99 } from './callback-latency';
import { percentile, round } from './stats';
import { benchScale } from './scale-parts';

const root = resolve(import.meta.dirname, '../..');
const dir = await tempDir('bench-');
let coreCount = 0;

async function startCore(options: Partial<CoreOptions> = {}): Promise<Core> {
  const dataDir = join(dir.path, `core-${coreCount++}`);
  await mkdir(dataDir, { recursive: true });
  return createCore({
    dataDir,
    version: 'bench',
    log: createLog({ level: 'info', destination: createWriteStream(join(dataDir, 'callpay.log')) }),
    ...options,
  });
}

async function openSessions(core: Core, count: number): Promise<PaymentSession[]> {
  const sandbox = core.sandbox()!;
  const sessions: PaymentSession[] = [];
  for (let i = 0; i < count; i++) {
    const call = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' });
    const envelope = await core.api.dispatch('payments.start', { callSid: call.sid, amount: '5.00' });
    if (!envelope.ok) throw new Error(envelope.error.message);
    sessions.push(envelope.value as PaymentSession);
  }
  return sessions;
}

/** Sessions on calls made through the standalone sandbox's control API. */
async function liveSessions(core: Core, sandboxUrl: string, count: number) {
  const sessions: PaymentSession[] = [];
  for (let i = 0; i < count; i++) {
    const created = (await (
      await fetch(`${sandboxUrl}/_sandbox/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: '+14155550123', to: '+14155550100' }),
      })
    ).json()) as { sid: string };
    const envelope = await core.api.dispatch('payments.start', { callSid: created.sid, amount: '5.00' });
    if (!envelope.ok) throw new Error(envelope.error.message);
    sessions.push(envelope.value as PaymentSession);
  }
  return sessions;
}

const rows: Array<[string, string, string]> = [];
const row = (name: string, value: number | string, note: string) => rows.push([name, String(value), note]);

// Cold start: core started to ready in sandbox mode (median of 5).
const starts: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const core = await startCore();
  starts.push(performance.now() - t0);
  await core.stop();
}
const coldStartMs = round(percentile(starts, 50), 1);
row('coldStartMs', coldStartMs, 'createCore in sandbox mode to ready, median of 5 (target ≤ 300)');

// Callback latency, direct: sandbox mode, signed callbacks straight to the receiver. The flood guard
// still runs on every request but is set above what autocannon sends, so it measures work, not policy.
const direct = await startCore({ sandbox: { timeScale: 0.02 }, webhookRateLimitPerMinute: 100_000_000 });
const directSandbox = direct.sandbox()!;
const directSamples = await measureCallbackLatency({
  core: direct,
  authToken: directSandbox.credentials.authToken,
  accountSid: directSandbox.credentials.accountSid,
  postBase: direct.webhooksUrl,
  signedBase: direct.webhooksUrl,
  sessions: await openSessions(direct, 20),
});
const callbackP99Ms = round(p99(directSamples), 3);
row(
  'callbackP99Ms',
  callbackP99Ms,
  `send → AppApi event, p99 of ${directSamples.length}, direct (target ≤ 2)`,
);

// Receiver throughput against a bare Fastify route, same process, autocannon.
const [session] = await openSessions(direct, 1);
const params = {
  AccountSid: directSandbox.credentials.accountSid,
  CallSid: session!.callSid,
  Sid: session!.paymentSid!,
  Capture: 'payment-card-number',
  PartialResult: 'true',
  PaymentCardNumber: 'xxxx',
  Required: 'payment-card-number',
};
const path = '/twilio/payments/status';
const body = new URLSearchParams(params).toString();
const signature = twilio.getExpectedTwilioSignature(
  directSandbox.credentials.authToken,
  direct.webhooksUrl + path,
  params,
);
const bare = Fastify({ logger: false });
await bare.register(fastifyFormbody);
bare.post(path, async (_request, reply) => reply.code(204).send());
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
const cannon = (url: string) =>
  autocannon({
    url: url + path,
    method: 'POST',
    connections: 10,
    duration: 2,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body,
  });
const ok = (r: autocannon.Result) => r['2xx'] / r.duration || 0;
// Warm both, then alternate short runs and take each one's median: this machine's neighbours make any
// single run swing by a fifth, and alternating lets both sides see the same noise.
await cannon(bareUrl);
await cannon(direct.webhooksUrl);
const bareRates: number[] = [];
const receiverRates: number[] = [];
let receiverNon2xx = 0;
for (let round = 0; round < 5; round++) {
  bareRates.push(ok(await cannon(bareUrl)));
  const run = await cannon(direct.webhooksUrl);
  receiverNon2xx += run.non2xx;
  receiverRates.push(ok(run));
}
await bare.close();
const receiverRps = percentile(receiverRates, 50);
const bareRps = percentile(bareRates, 50);
const receiverThroughputRatio = round(receiverRps / bareRps, 3);
row(
  'receiverRps',
  Math.round(receiverRps),
  `signed callbacks/s through the receiver, median of 5 (${receiverNon2xx} non-2xx)`,
);
row('bareRps', Math.round(bareRps), 'bare Fastify form route, same process, median of 5');
row('receiverThroughputRatio', receiverThroughputRatio, 'receiver over bare (target ≥ 0.8)');
await direct.stop();

// 500 sessions at once: all started together (the burst), then each asked for its card number at a
// steady 200 requests/s while all 500 stay open (the latency an agent feels on a busy account).
const many = await startCore({ sandbox: { timeScale: 0.02 } });
const manySandbox = many.sandbox()!;
const calls = Array.from({ length: 500 }, () =>
  manySandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }),
);
let concurrentErrors = 0;
const timed = async (name: string, args: unknown, into: number[]) => {
  const t0 = performance.now();
  const envelope = await many.api.dispatch(name, args);
  into.push(performance.now() - t0);
  if (!envelope.ok) concurrentErrors++;
  return envelope.ok ? (envelope.value as PaymentSession) : undefined;
};
const burst: number[] = [];
const opened = await Promise.all(
  calls.map((c) => timed('payments.start', { callSid: c.sid, amount: '5.00' }, burst)),
);
const paced: number[] = [];
await Promise.all(
  opened.map(
    (s, i) =>
      new Promise<void>((done) =>
        setTimeout(() => {
          if (!s) return done();
          void timed('payments.request', { sessionId: s.id, field: 'payment-card-number' }, paced).then(() =>
            done(),
          );
        }, i * 5),
      ),
  ),
);
const concurrentSessions = many.payments.list().filter((s) => s.phase === 'open').length;
const concurrentP99Ms = round(percentile(paced, 99), 1);
row('concurrentSessions', concurrentSessions, 'payment sessions open at once');
row('concurrentErrors', concurrentErrors, 'commands that failed among 1000');
row('concurrentP99Ms', concurrentP99Ms, 'request round trip at 200/s with 500 open, p99 (target ≤ 20)');
row('burstP99Ms', round(percentile(burst, 99), 1), '500 starts issued in the same instant, p99');
await many.stop();

// Through the tunnel: live mode, REST to a standalone sandbox, callbacks via localtunnel.
const sandbox = await startSandbox({ timeScale: 0.02 });
const tunnelServer = await startTunnelServer();
const liveDir = join(dir.path, 'live');
await writeLiveSettings(liveDir, sandbox.credentials.accountSid, 'bench');
const secrets = memorySecrets({ authToken: sandbox.credentials.authToken });
const live = await createCore({
  dataDir: liveDir,
  version: 'bench',
  log: createLog({ level: 'info', destination: createWriteStream(join(liveDir, 'callpay.log')) }),
  liveRestBaseUrl: sandbox.url,
  secrets,
  tunnel: { provider: localtunnelProvider({ host: tunnelServer.url }) },
});
const publicUrl = await waitFor(() => live.status().urls.publicUrl, 10_000, 'the tunnel');
const liveSamples = await measureCallbackLatency({
  core: live,
  authToken: sandbox.credentials.authToken,
  accountSid: sandbox.credentials.accountSid,
  postBase: publicUrl,
  signedBase: publicUrl,
  sessions: await liveSessions(live, sandbox.url, 20),
});
const tunnelRatio = round(p99(liveSamples) / p99(directSamples), 2);
row(
  'tunnelP99Ms',
  round(p99(liveSamples), 3),
  `send → AppApi event through the local tunnel, p99 of ${liveSamples.length}`,
);
row('tunnelRatio', tunnelRatio, 'tunnel p99 over direct p99 (target ≤ 2)');
await live.stop();
await tunnelServer.close();
await sandbox.close();

// Bundle sizes: the renderer against the Voice SDK's own minified build.
const gzipKb = (file: string) => gzipSync(readFileSync(file)).length / 1024;
const assets = join(root, 'out/renderer/assets');
const rendererGzipKb = round(
  readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipKb(join(assets, f)), 0),
  1,
);
const sdkGzipKb = round(gzipKb(join(root, 'node_modules/@twilio/voice-sdk/dist/twilio.min.js')), 1);
row(
  'rendererGzipKb',
  rendererGzipKb,
  `gzipped renderer JS (target ≤ sdkGzipKb + 150 = ${round(sdkGzipKb + 150, 1)})`,
);
row('sdkGzipKb', sdkGzipKb, '@twilio/voice-sdk dist/twilio.min.js gzipped');

// History at scale and the laptop's cost: their own files, one hook.
const scale = await benchScale(row);

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(10)}  note`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${note}`);
await dir.cleanup();
console.log(
  JSON.stringify({
    callbackP99Ms,
    tunnelRatio,
    receiverThroughputRatio,
    concurrentSessions,
    concurrentErrors,
    concurrentP99Ms,
    rendererGzipKb,
    sdkGzipKb,
    coldStartMs,
    ...scale,
  }),
);
process.exit(0);
