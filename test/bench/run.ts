// npm run bench: Callpay's performance, as numbers a run prints. The last line is one JSON object.
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { PaymentSession } from '@shared/payments';
import { createCore, type Core } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { localtunnelProvider } from '../../src-main/core/tunnel';
import { startSandbox } from '../../src-main/sandbox';
import { startTunnelServer } from '../helpers/tunnel-server';
import { memorySecrets, writeLiveSettings } from '../helpers/live-mode';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { startBareRoute } from './bare-callback-route';
import {
  bareEvents,
  coreEvents,
  measureCallbackLatency,
  p99,
  transportRetries,
  type LatencyTarget,
} from './callback-latency';
import { measureConcurrent } from './concurrent';
import { percentile, round } from './stats';
import { compareThroughput } from './throughput';
import { alternate, repeat, shortened, shown, spread, spreadKeys, TRIALS } from './trials';
import { benchScale } from './scale-parts';
import { coreStarter, openSessions } from './solo-core';
import { controlCall, liveCoreOn, startStandIn } from './stand-in';
import { benchTeam, teamFailures } from './team';

const root = resolve(import.meta.dirname, '../..');
const dir = await tempDir('bench-');
const startCore = coreStarter(dir.path);

/** Sessions on calls made through the standalone sandbox's control API. */
async function liveSessions(core: Core, sandboxUrl: string, count: number) {
  const sessions: PaymentSession[] = [];
  for (let i = 0; i < count; i++) {
    const created = await controlCall(sandboxUrl);
    const envelope = await core.api.dispatch('payments.start', { callSid: created.sid, amount: '5.00' });
    if (!envelope.ok) throw new Error(envelope.error.message);
    sessions.push(envelope.value as PaymentSession);
  }
  return sessions;
}

const rows: Array<[string, string, string]> = [];
const row = (name: string, value: number | string, note: string) => rows.push([name, String(value), note]);
const runsNote = `median (min–max) of ${TRIALS.runs}`;
const json: Record<string, number | string> = {};

/** BENCH_ONLY=concurrent,team runs those parts only (a session re-measuring one figure); unset runs all. */
const PARTS = [
  'cold',
  'callback',
  'tunnel',
  'throughput',
  'concurrent',
  'team',
  'bundle',
  'history',
  'team-history',
  'laptop',
];
const ONLY = process.env.BENCH_ONLY
  ? new Set(
      process.env.BENCH_ONLY.split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
  : undefined;
for (const part of ONLY ?? []) {
  if (!PARTS.includes(part)) throw new Error(`BENCH_ONLY: no part "${part}" (parts: ${PARTS.join(', ')})`);
}
function only(part: string): boolean {
  return !ONLY || ONLY.has(part);
}

// Cold start: core started to ready in sandbox mode.
if (only('cold')) {
  const starts = await repeat(async () => {
    const t0 = performance.now();
    const core = await startCore();
    const took = performance.now() - t0;
    await core.stop();
    return took;
  });
  const coldStart = spread(starts, 1);
  row('coldStartMs', shown(coldStart), `createCore in sandbox mode to ready, ${runsNote} (target ≤ 300)`);
  Object.assign(json, { coldStartMs: coldStart.median }, spreadKeys('coldStartMs', coldStart));
}

// Callback latency, direct: sandbox mode, signed callbacks straight to the receiver, each round beside
// the bare route doing the same. The flood guard still runs on every request but is set above what
// the bench sends, so it measures work, not policy.
if (only('callback') || only('tunnel') || only('throughput')) {
  const direct = await startCore({ sandbox: { timeScale: 0.02 }, webhookRateLimitPerMinute: 100_000_000 });
  const directSandbox = direct.sandbox()!;
  const { authToken, accountSid } = directSandbox.credentials;
  const bare = await startBareRoute(authToken);
  const directSessions = await openSessions(direct, 20);
  const directTarget: LatencyTarget = {
    authToken,
    accountSid,
    postBase: direct.webhooksUrl,
    signedBase: direct.webhooksUrl,
    sessions: directSessions,
    watch: coreEvents(direct),
  };
  const bareTarget: LatencyTarget = {
    ...directTarget,
    postBase: bare.url,
    signedBase: bare.url,
    watch: bareEvents(bare),
  };
  if (only('callback')) {
    const latency = await alternate(
      async () => p99(await measureCallbackLatency(bareTarget, TRIALS.samples)),
      async () => p99(await measureCallbackLatency(directTarget, TRIALS.samples)),
    );
    const callbackP99 = spread(latency.subject, 3);
    const callbackBareP99 = spread(latency.baseline, 3);
    row(
      'callbackP99Ms',
      shown(callbackP99),
      `send → AppApi event, direct, p99 of ${TRIALS.samples} per round, ${runsNote} (target ≤ 2)`,
    );
    row('callbackBareP99Ms', shown(callbackBareP99), 'the same through the bare route (its baseline)');
    Object.assign(
      json,
      { callbackP99Ms: callbackP99.median },
      spreadKeys('callbackP99Ms', callbackP99),
      spreadKeys('callbackBareP99Ms', callbackBareP99),
    );
  }
  const retriesSoFar = transportRetries;

  if (only('tunnel')) {
    // Through the tunnel: live mode, REST to a standalone sandbox, callbacks via localtunnel; each round
    // beside a direct one, and the ratio taken per round.
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
      webhookRateLimitPerMinute: 100_000_000,
    });
    const publicUrl = await waitFor(() => live.status().urls.publicUrl, 10_000, 'the tunnel');
    const tunnelTarget: LatencyTarget = {
      authToken: sandbox.credentials.authToken,
      accountSid: sandbox.credentials.accountSid,
      postBase: publicUrl,
      signedBase: publicUrl,
      sessions: await liveSessions(live, sandbox.url, 20),
      watch: coreEvents(live),
    };
    const tunnelRounds = await alternate(
      async () => p99(await measureCallbackLatency(directTarget, TRIALS.samples)),
      async () => p99(await measureCallbackLatency(tunnelTarget, TRIALS.samples)),
    );
    const tunnelP99 = spread(tunnelRounds.subject, 3);
    const tunnelRatio = spread(
      tunnelRounds.subject.map((t, i) => t / tunnelRounds.baseline[i]!),
      2,
    );
    row(
      'tunnelP99Ms',
      shown(tunnelP99),
      `send → AppApi event through the local tunnel, p99 of ${TRIALS.samples}`,
    );
    row(
      'callbackRetries',
      transportRetries,
      `callbacks answered 408 and sent again (${retriesSoFar} direct)`,
    );
    row(
      'tunnelRatio',
      shown(tunnelRatio),
      `tunnel p99 over direct p99 of the same round, ${runsNote} (target ≤ 2)`,
    );
    Object.assign(
      json,
      { tunnelRatio: tunnelRatio.median },
      spreadKeys('tunnelP99Ms', tunnelP99),
      spreadKeys('tunnelRatio', tunnelRatio),
    );
    await live.stop();
    await tunnelServer.close();
    await sandbox.close();
  }

  if (only('throughput')) {
    // Receiver throughput against the bare route, same process, autocannon, rounds alternating. On a
    // session of its own, whatever ran before: the latency parts key its neighbours' cards to 15
    // digits, and a 4-digit partial to one of those is stale (nothing to keep or show), a cheaper path
    // than a capture's callbacks take (the figure was 0.59–0.63 that way, 0.20–0.28 this way). Here
    // each request is the partial a capture sends: a change kept in the journal and sent as an event.
    const [own] = await openSessions(direct, 1);
    const throughput = await compareThroughput({
      receiverUrl: direct.webhooksUrl,
      bareUrl: bare.url,
      authToken,
      params: {
        AccountSid: accountSid,
        CallSid: own!.callSid,
        Sid: own!.paymentSid!,
        Capture: 'payment-card-number',
        PartialResult: 'true',
        PaymentCardNumber: 'xxxx',
        Required: 'payment-card-number',
      },
    });
    const receiverThroughputRatio = spread(throughput.ratios, 3);
    row(
      'receiverRps',
      Math.round(percentile(throughput.receiverRps, 50)),
      `signed callbacks/s through the receiver, median of ${TRIALS.runs} (${throughput.receiverNon2xx} non-2xx)`,
    );
    row(
      'bareRps',
      Math.round(percentile(throughput.bareRps, 50)),
      `bare Fastify route: parse the form, check the signature with twilio (${throughput.bareNon2xx} non-2xx)`,
    );
    row(
      'receiverThroughputRatio',
      shown(receiverThroughputRatio),
      `receiver over bare in the same round, ${runsNote} (target ≥ 0.8)`,
    );
    Object.assign(
      json,
      { receiverThroughputRatio: receiverThroughputRatio.median },
      spreadKeys('receiverThroughputRatio', receiverThroughputRatio),
    );
  }
  json.callbackRetries = transportRetries;
  await bare.close();
  await direct.stop();
}

// 500 sessions at once: all started together (the burst), then, in each round, card fields requested
// at a steady 200 requests/s while all 500 stay open (the latency an agent feels on a busy account).
// Measured twice: as production runs it, with Twilio's stand-in (the standalone sandbox) in a process
// of its own and the core in live mode against it; and all in one process, the core hosting its own
// sandbox, where the stand-in's REST server and callbacks share the core's event loop.
if (only('concurrent')) {
  const load = { sessions: 500, perSecond: 200, samples: TRIALS.samples };
  const standIn = await startStandIn(0.02);
  const liveDir = join(dir.path, 'concurrent-live');
  const live = await liveCoreOn(standIn, liveDir);
  await waitFor(() => live.status().urls.publicUrl, 10_000, "the live core's receiver");
  const apart = await measureConcurrent(live, () => standIn.createCall(), load);
  await live.stop();
  await standIn.close();

  const many = await startCore({ sandbox: { timeScale: 0.02 } });
  const sandbox = many.sandbox()!;
  const together = await measureConcurrent(
    many,
    () => sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }),
    load,
  );
  await many.stop();

  const concurrentP99 = spread(apart.pacedP99s, 1);
  const inProcessP99 = spread(together.pacedP99s, 1);
  const concurrentSessions = Math.min(apart.concurrentSessions, together.concurrentSessions);
  const concurrentErrors = apart.concurrentErrors + together.concurrentErrors;
  row('concurrentSessions', concurrentSessions, 'payment sessions open at once');
  row(
    'concurrentErrors',
    concurrentErrors,
    `commands that failed among ${apart.commands + together.commands}`,
  );
  row(
    'concurrentP99Ms',
    shown(concurrentP99),
    `request round trip at 200/s with 500 open, Twilio's stand-in in its own process, p99 of ${TRIALS.samples} per round, ${runsNote} (target ≤ 20)`,
  );
  row(
    'concurrentInProcessP99Ms',
    shown(inProcessP99),
    `the same with the sandbox in the core's process (one event loop for both)`,
  );
  row('burstP99Ms', round(apart.burstP99, 1), '500 starts issued in the same instant, p99 (one burst)');
  row('burstInProcessP99Ms', round(together.burstP99, 1), 'the same, sandbox in process');
  Object.assign(
    json,
    { concurrentSessions, concurrentErrors, concurrentP99Ms: concurrentP99.median },
    spreadKeys('concurrentP99Ms', concurrentP99),
    spreadKeys('concurrentInProcessP99Ms', inProcessP99),
    { burstP99Ms: round(apart.burstP99, 1), burstInProcessP99Ms: round(together.burstP99, 1) },
  );
}

// Callpay Server (#15): two instances on one database, against the solo path; sessions and storms.
const team = only('team')
  ? await benchTeam(row, () =>
      startCore({ sandbox: { timeScale: 0.02 }, webhookRateLimitPerMinute: 100_000_000 }),
    )
  : undefined;

// Bundle sizes: the renderer against the Voice SDK's own minified build.
if (only('bundle')) {
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
  Object.assign(json, { rendererGzipKb, sdkGzipKb });
}

// History at scale and the laptop's cost: their own files, one hook.
const scale = await benchScale(row, ['history', 'team-history', 'laptop'].filter(only));

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(10)}  note`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(10)}  ${note}`);
console.log(
  `Warm-up: ${TRIALS.warmups} round(s) before each figure, excluded. Each timing is the median of ` +
    `${TRIALS.runs} rounds (min–max beside it), each round run beside its baseline; p99s from ` +
    `${TRIALS.samples} samples per round.`,
);
for (const failed of team ? teamFailures(team) : []) console.log(`FAIL: ${failed}`);
if (shortened) console.log('Shortened by BENCH_RUNS / BENCH_WARMUPS / BENCH_SAMPLES: not figures to trust.');
if (ONLY) console.log(`Only ${[...ONLY].join(', ')} (BENCH_ONLY): the other figures were not run.`);
await dir.cleanup();
console.log(
  JSON.stringify({
    ...json,
    benchRuns: TRIALS.runs,
    benchWarmups: TRIALS.warmups,
    benchSamples: TRIALS.samples,
    ...(ONLY ? { benchOnly: [...ONLY].join(',') } : {}),
    ...scale,
    ...team,
  }),
);
process.exit(0);
