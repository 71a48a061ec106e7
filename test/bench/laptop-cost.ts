// The laptop's cost: the console idle in a call, against a bare page running the same Voice SDK call
// (what Twilio's quickstart does), in the same Chromium; and the core's CPU and memory meanwhile.
// CALLPAY_BENCH_LAPTOP_SECONDS sets how long each side idles in its call (default 60).
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, CDPSession, Page } from 'playwright-core';
import twilio from 'twilio';
import { createCore } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { startWebServer } from '../../src-main/web/server';
import { openConsole } from '../helpers/chromium';
import { openSdkPage } from '../helpers/sdk-page/sdk-page';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { percentile, round } from './stats';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');
const MB = 1024 * 1024;

/** The renderer's main-thread busy time (s) and JS heap in use (bytes), after a collection. */
async function rendererMetrics(cdp: CDPSession) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { busy: get('TaskDuration'), heap: get('JSHeapUsedSize') };
}

/** Renderer busy ms over `seconds` idle, and the heap at the end. */
async function idle(page: Page, seconds: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  const before = await rendererMetrics(cdp);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = await rendererMetrics(cdp);
  await cdp.detach();
  return { busyMs: (after.busy - before.busy) * 1000, heapMb: after.heap / MB };
}

const sandboxCall = async (sandboxUrl: string, to: string) => {
  const res = await fetch(`${sandboxUrl}/_sandbox/voice/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+14155550100', to }),
  });
  if (!res.ok) throw new Error(`the sandbox did not place the call (${res.status})`);
  return ((await res.json()) as { sid: string }).sid;
};

/**
 * `runs` rounds, each: the console idles `seconds` in a call (the core's CPU is measured over the
 * same window), then the bare page idles `seconds` in its own call; ratios are per round, medians.
 */
export async function benchLaptop(
  seconds = Number(process.env.CALLPAY_BENCH_LAPTOP_SECONDS ?? 60),
  runs = Number(process.env.CALLPAY_BENCH_LAPTOP_RUNS ?? 3),
): Promise<Record<string, number>> {
  const dir = await tempDir('bench-laptop-');
  const dataDir = join(dir.path, 'data');
  const web: { server?: Awaited<ReturnType<typeof startWebServer>> } = {};
  const core = await createCore({
    dataDir,
    version: 'bench',
    log: createLog({ level: 'silent' }),
    secrets: browserSecretStore(dataDir),
    sandbox: { allowedOrigins: () => web.server?.origins ?? [] },
  });
  const server = await startWebServer({ host: core.api, rendererDir });
  web.server = server;
  let browser: Browser | undefined;
  try {
    const opened = await openConsole(server.consoleUrl, ['--ignore-certificate-errors']);
    browser = opened.browser;
    const consolePage = opened.page;
    const phone = consolePage.getByRole('region', { name: 'Phone' });
    await waitFor(
      async () => /^Registered/.test((await phone.getByTestId('registration').textContent()) ?? ''),
      30_000,
      'the console to register',
    );
    const sandbox = core.sandbox()!;
    const c = sandbox.credentials;
    const token = new twilio.jwt.AccessToken(c.accountSid, c.apiKeySid, c.apiKeySecret, {
      identity: 'bare',
      ttl: 3600,
    });
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }));
    const bare = await openSdkPage(browser, `${sandbox.url.replace('http', 'ws')}/signal`);
    await bare.page.evaluate(`window.phone.register(${JSON.stringify(token.toJwt())})`);

    // The console answers a customer who calls the sandbox number, as an agent would.
    await sandboxCall(sandbox.url, '+14155550199');
    const banner = phone.getByRole('alert', { name: 'Incoming call' });
    await banner.getByRole('button', { name: 'Accept' }).click();
    await waitFor(
      async () => /^In call/.test((await phone.getByTestId('call-phase').textContent()) ?? ''),
      15_000,
      'the console to be in the call',
    );
    // The bare page takes the same kind of call: the SDK's incoming call, accepted.
    await sandboxCall(sandbox.url, 'client:bare');
    await waitFor(
      async () =>
        ((await bare.page.evaluate('window.phone.events()')) as { type: string }[]).some(
          (e) => e.type === 'incoming',
        ),
      15_000,
      'the bare page to ring',
    );
    await bare.page.evaluate('window.phone.accept(1)');
    await waitFor(
      async () =>
        ((await bare.page.evaluate('window.phone.events()')) as { type: string }[]).some(
          (e) => e.type === 'accept',
        ),
      15_000,
      'the bare page to be in the call',
    );
    // Settle before measuring (first frames, first renders); not counted.
    await new Promise((r) => setTimeout(r, 2000));

    const ratios: number[] = [];
    const heapDeltas: number[] = [];
    const coreCpu: number[] = [];
    const coreRss: number[] = [];
    for (let run = 0; run < runs; run++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const app = await idle(consolePage, seconds);
      const cpu = process.cpuUsage(cpu0);
      const elapsed = (performance.now() - t0) / 1000;
      coreCpu.push(((cpu.user + cpu.system) / 1000) * (60 / elapsed));
      coreRss.push(process.memoryUsage().rss / MB);
      const base = await idle(bare.page, seconds);
      ratios.push(app.busyMs / Math.max(base.busyMs, 0.001));
      heapDeltas.push(app.heapMb - base.heapMb);
    }
    await bare.close();
    const stats = (name: string, samples: number[], digits = 2): Record<string, number> => ({
      [name]: round(percentile(samples, 50), digits),
      [`${name}Min`]: round(Math.min(...samples), digits),
      [`${name}Max`]: round(Math.max(...samples), digits),
    });
    return {
      ...stats('laptopCpuRatio', ratios),
      ...stats('laptopHeapDeltaMb', heapDeltas, 1),
      ...stats('coreIdleCpuMsPerMin', coreCpu, 0),
      ...stats('coreRssMb', coreRss, 0),
      laptopSeconds: seconds,
    };
  } finally {
    await browser?.close();
    await server.close();
    await core.stop();
    await dir.cleanup();
  }
}
