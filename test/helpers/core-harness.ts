import { Writable } from 'node:stream';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import type { Sandbox } from '../../src-main/sandbox';
import type { PaymentSession } from '@shared/payments';
import { tempDir } from './temp-dir';
import { waitFor } from './wait-for';

/** A core in sandbox mode with fast timers, plus what a test needs to watch it. */
export interface CoreHarness {
  core: Core;
  sandbox: Sandbox;
  /** Every `payments.session` event, in order. */
  events: PaymentSession[];
  /** Every log line written, as text. */
  logText(): string;
  invoke(name: string, args: unknown): Promise<unknown>;
  /** Waits for a session event matching `check`, among events from index `since` on; returns that session. */
  until(
    check: (s: PaymentSession) => boolean,
    what?: string,
    since?: number,
    timeoutMs?: number,
  ): Promise<PaymentSession>;
  close(): Promise<void>;
}

export async function startCoreHarness(options: Partial<CoreOptions> = {}): Promise<CoreHarness> {
  const dir = await tempDir('core-');
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const core = await createCore({
    dataDir: join(dir.path, 'data'),
    version: '0.0.0-test',
    log: createLog({ level: 'debug', destination }),
    sandbox: { timeScale: 0.02 },
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40 },
    restTimeoutMs: 400,
    ...options,
  });
  const events: PaymentSession[] = [];
  core.api.subscribe((name, payload) => {
    if (name === 'payments.session') events.push(payload as PaymentSession);
  });
  const sandbox = core.sandbox();
  if (!sandbox) throw new Error('The harness expects sandbox mode.');
  return {
    core,
    sandbox,
    events,
    logText: () => lines.join(''),
    invoke: async (name, args) => {
      const envelope = await core.api.dispatch(name, args);
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
      return envelope.value;
    },
    until: (check, what = 'session state', since = 0, timeoutMs = 10_000) =>
      waitFor(() => events.slice(since).reverse().find(check), timeoutMs, what),
    close: async () => {
      await core.stop();
      await dir.cleanup();
    },
  };
}
