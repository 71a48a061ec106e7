// Twilio's stand-in in a process of its own: the standalone sandbox (`npm run emulator`), so a figure
// measures the core as production runs it, with Twilio's work on another CPU, not in the same event loop.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore, type Core } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { fixedUrlProvider } from '../../src-main/core/tunnel';
import { freePort } from '../helpers/core-process';
import { memorySecrets, writeLiveSettings } from '../helpers/live-mode';
import { waitFor } from '../helpers/wait-for';

const root = resolve(import.meta.dirname, '../..');

export interface StandIn {
  url: string;
  accountSid: string;
  authToken: string;
  /** A call in progress from the customer, made through the control API (as a phone would ring in). */
  createCall(): Promise<{ sid: string }>;
  close(): Promise<void>;
}

/**
 * Starts the emulator CLI with known credentials on a free port and waits until it answers. Its
 * output (a line per request) goes nowhere: read here, it would cost the measured process CPU.
 */
export async function startStandIn(timeScale: number): Promise<StandIn> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/tsx/dist/cli.mjs'),
      '--tsconfig',
      join(root, 'tsconfig.node.json'),
      join(root, 'src-main/sandbox/cli.ts'),
      '--port',
      String(port),
      '--time-scale',
      String(timeScale),
      '--account-sid',
      accountSid,
      '--auth-token',
      authToken,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (exited !== undefined) throw new Error(`the stand-in exited (${exited}) before listening`);
      return fetch(`${url}/_sandbox/calls`).then(
        () => true,
        () => false,
      );
    },
    30_000,
    'the stand-in',
  );
  return {
    url,
    accountSid,
    authToken,
    createCall: () => controlCall(url),
    close: () =>
      new Promise<void>((done) => {
        if (exited !== undefined) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A call in progress from the customer, made through a standalone sandbox's control API. */
export async function controlCall(sandboxUrl: string): Promise<{ sid: string }> {
  const response = await fetch(`${sandboxUrl}/_sandbox/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+14155550123', to: '+14155550100' }),
  });
  if (!response.ok) throw new Error(`the sandbox refused a call: ${response.status}`);
  return (await response.json()) as { sid: string };
}

/** A core in live mode against the stand-in, its callbacks straight to its receiver (as behind a fixed URL). */
export async function liveCoreOn(standIn: StandIn, dataDir: string): Promise<Core> {
  await writeLiveSettings(dataDir, standIn.accountSid, 'bench');
  const webhookPort = await freePort();
  return createCore({
    dataDir,
    version: 'bench',
    log: createLog({ level: 'info', destination: createWriteStream(join(dataDir, 'callpay.log')) }),
    liveRestBaseUrl: standIn.url,
    secrets: memorySecrets({ authToken: standIn.authToken }),
    webhookPort,
    tunnel: { provider: fixedUrlProvider(`http://127.0.0.1:${webhookPort}`) },
  });
}
