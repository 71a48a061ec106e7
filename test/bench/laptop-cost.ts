// The laptop's cost: the console idle in a call, against a bare page running the same Voice SDK call
// (what Twilio's quickstart does), each in a Chromium of its own (same build, same flags), so each
// browser's processes carry one page; and the core's CPU and memory meanwhile, read from its own
// process (laptop-core.ts), as the desktop runs it beside the renderer.
// CALLPAY_BENCH_LAPTOP_SECONDS sets how long each side idles in its call (default 60).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Browser, CDPSession, Page } from 'playwright-core';
import twilio from 'twilio';
import { startSandbox } from '../../src-main/sandbox/index';
import { createVoice } from '../../src-main/sandbox/voice/index';
import { launchChromium, openConsole } from '../helpers/chromium';
import { bundleScript } from '../helpers/core-process';
import { openSdkPage } from '../helpers/sdk-page/sdk-page';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { spread, spreadKeys, TRIALS } from './trials';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');
const MB = 1024 * 1024;

/** The renderer's main-thread busy time so far (s): its tasks only, not its other threads. */
async function busySeconds(cdp: CDPSession) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/**
 * CPU time so far (s) of a browser's processes, every thread: its renderers, and all of them (with
 * the GPU process that composites their frames, the network service, the browser itself).
 */
async function browserCpuSeconds(browserCdp: CDPSession) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  const sum = (list: typeof processInfo) => list.reduce((total, p) => total + p.cpuTime, 0);
  return { renderer: sum(processInfo.filter((p) => p.type === 'renderer')), all: sum(processInfo) };
}

/** The JS heap in use (bytes) after a full collection. */
async function heapInUse(cdp: CDPSession) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/**
 * Over `seconds` idle, the CPU ms of the page's renderer processes (every thread), of its whole
 * browser, and of the renderer's main thread (its tasks); and the heap at the end. The page is the
 * only one in its browser. CALLPAY_BENCH_RENDERER_PROFILE names a folder to write each window's CPU
 * profile to (`<label>-<n>.cpuprofile`), to see where the main thread's time went.
 */
async function idle(page: Page, seconds: number, label: string) {
  const browserCdp = await page.context().browser()!.newBrowserCDPSession();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  const profileDir = process.env.CALLPAY_BENCH_RENDERER_PROFILE;
  if (profileDir) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  // The busy time is read before the collection that measures the heap, or the window would count
  // a forced full GC, which costs more the bigger the page is: the bench's work, not the page's.
  const before = await busySeconds(cdp);
  const cpuBefore = await browserCpuSeconds(browserCdp);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpuAfter = await browserCpuSeconds(browserCdp);
  const after = await busySeconds(cdp);
  if (profileDir) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile(join(profileDir, `${label}-${++profiles}.cpuprofile`), JSON.stringify(profile));
  }
  const heap = await heapInUse(cdp);
  await cdp.detach();
  await browserCdp.detach();
  return {
    rendererCpuMs: (cpuAfter.renderer - cpuBefore.renderer) * 1000,
    browserCpuMs: (cpuAfter.all - cpuBefore.all) * 1000,
    mainThreadMs: (after - before) * 1000,
    heapMb: heap / MB,
  };
}
let profiles = 0;

const sandboxCall = async (sandboxUrl: string, to: string) => {
  const res = await fetch(`${sandboxUrl}/_sandbox/voice/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+14155550100', to }),
  });
  if (!res.ok) throw new Error(`the sandbox did not place the call (${res.status})`);
  return ((await res.json()) as { sid: string }).sid;
};

interface LaptopCore {
  consoleUrl: string;
  /** Its sandbox, which places the customer's call to the console. */
  sandboxUrl: string;
  /** The core process's own CPU time so far (ms) and resident memory now (bytes). */
  usage(): Promise<{ cpuMs: number; rss: number }>;
  close(): Promise<void>;
}

/**
 * The core and the console's web server in their own built process (laptop-core.ts).
 * CALLPAY_BENCH_CORE_NODE_ARGS adds Node options to it (say `--cpu-prof`, to see where its time goes).
 */
async function startLaptopCore(dataDir: string): Promise<LaptopCore> {
  const nodeArgs = (process.env.CALLPAY_BENCH_CORE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, await bundleScript('test/bench/laptop-core.ts')], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, CALLPAY_BENCH_LAPTOP_DIR: dataDir, CALLPAY_BENCH_RENDERER_DIR: rendererDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the laptop's core exited (${child.exitCode ?? child.signalCode})`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const started = (await next()) as Omit<LaptopCore, 'usage' | 'close'>;
  return {
    ...started,
    usage: async () => {
      child.stdin!.write('usage\n');
      return (await next()) as { cpuMs: number; rss: number };
    },
    close: async () => {
      child.stdin!.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/**
 * `runs` rounds (the bench's, 5 by default), each: the console and the bare page idle `seconds` in
 * their calls over the same window (the core's CPU too); ratios are per round, medians. The settling
 * before the first round is the warm-up, not counted.
 */
export async function benchLaptop(
  seconds = Number(process.env.CALLPAY_BENCH_LAPTOP_SECONDS ?? 60),
  runs = Number(process.env.CALLPAY_BENCH_LAPTOP_RUNS ?? TRIALS.runs),
): Promise<Record<string, number>> {
  const dir = await tempDir('bench-laptop-');
  const core = await startLaptopCore(join(dir.path, 'data'));
  // The bare page's "Twilio" is a sandbox of its own, here in the bench's process, so the core's
  // process carries only the console's call (the sandbox emulates the customer's audio in it).
  const bareVoice = createVoice();
  const bareTwilio = await startSandbox({ extensions: [bareVoice.extension] });
  let browser: Browser | undefined;
  let bareBrowser: Browser | undefined;
  try {
    const opened = await openConsole(core.consoleUrl, ['--ignore-certificate-errors']);
    browser = opened.browser;
    const consolePage = opened.page;
    const phone = consolePage.getByRole('region', { name: 'Phone' });
    await waitFor(
      async () => /^Registered/.test((await phone.getByTestId('registration').textContent()) ?? ''),
      30_000,
      'the console to register',
    );
    const c = bareTwilio.credentials;
    const token = new twilio.jwt.AccessToken(c.accountSid, c.apiKeySid, c.apiKeySecret, {
      identity: 'bare',
      ttl: 3600,
    });
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }));
    // The bare page in a Chromium of its own, launched as the console's, so each browser's CPU is
    // one page's: a renderer's threads and the GPU process's frames cannot be told apart by page.
    bareBrowser = await launchChromium(['--ignore-certificate-errors']);
    const bare = await openSdkPage(bareBrowser, `${bareTwilio.url.replace('http', 'ws')}/signal`);
    await bare.page.evaluate(`window.phone.register(${JSON.stringify(token.toJwt())})`);

    // The console answers a customer who calls the sandbox number, as an agent would.
    await sandboxCall(core.sandboxUrl, '+14155550199');
    const banner = phone.getByRole('alert', { name: 'Incoming call' });
    await banner.getByRole('button', { name: 'Accept' }).click();
    await waitFor(
      async () => /^In call/.test((await phone.getByTestId('call-phase').textContent()) ?? ''),
      15_000,
      'the console to be in the call',
    );
    // The bare page takes the same kind of call: the SDK's incoming call, accepted.
    await sandboxCall(bareTwilio.url, 'client:bare');
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
    const browserRatios: number[] = [];
    const mainThreadRatios: number[] = [];
    const consoleCpu: number[] = [];
    const bareCpu: number[] = [];
    const heapDeltas: number[] = [];
    const coreCpu: number[] = [];
    const coreRss: number[] = [];
    for (let run = 0; run < runs; run++) {
      // Both pages idle over the same window, each in its own browser, so whatever else the machine
      // does in it lands on both.
      const before = await core.usage();
      const t0 = performance.now();
      const [app, base] = await Promise.all([
        idle(consolePage, seconds, 'console'),
        idle(bare.page, seconds, 'bare'),
      ]);
      const after = await core.usage();
      const perMinute = 60 / ((performance.now() - t0) / 1000);
      coreCpu.push((after.cpuMs - before.cpuMs) * perMinute);
      coreRss.push(after.rss / MB);
      const ratio = (key: 'rendererCpuMs' | 'browserCpuMs' | 'mainThreadMs') =>
        app[key] / Math.max(base[key], 0.001);
      ratios.push(ratio('rendererCpuMs'));
      browserRatios.push(ratio('browserCpuMs'));
      mainThreadRatios.push(ratio('mainThreadMs'));
      consoleCpu.push(app.rendererCpuMs * (60 / seconds));
      bareCpu.push(base.rendererCpuMs * (60 / seconds));
      heapDeltas.push(app.heapMb - base.heapMb);
    }
    await bare.close();
    const stats = (name: string, samples: number[], digits = 2) => spreadKeys(name, spread(samples, digits));
    return {
      ...stats('laptopCpuRatio', ratios),
      ...stats('laptopBrowserCpuRatio', browserRatios),
      ...stats('laptopMainThreadRatio', mainThreadRatios),
      ...stats('laptopConsoleCpuMsPerMin', consoleCpu, 0),
      ...stats('laptopBareCpuMsPerMin', bareCpu, 0),
      ...stats('laptopHeapDeltaMb', heapDeltas, 1),
      ...stats('coreIdleCpuMsPerMin', coreCpu, 0),
      ...stats('coreRssMb', coreRss, 0),
      laptopSeconds: seconds,
    };
  } finally {
    await browser?.close();
    await bareBrowser?.close();
    await core.close();
    await bareTwilio.close();
    await dir.cleanup();
  }
}
