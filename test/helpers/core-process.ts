import { fork, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { createServer } from 'node:net';
import { basename, join, resolve } from 'node:path';
import type { PaymentSession } from '@shared/payments';
import type { CoreHostConfig } from './core-host';
import { waitFor } from './wait-for';

const ROOT = resolve(import.meta.dirname, '../..');

type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** A core running in a child process (test/helpers/core-host.ts) that a test can kill -9 and start again. */
export interface CoreProcess {
  /** Newest state per session id, as the running core reports them (restored ones after a restart). */
  latest: Map<string, PaymentSession>;
  /** Starts (or restarts) the child; resolves once its core is up. */
  start(): Promise<void>;
  /** SIGKILL: no flush, no stop, exactly what a crash or a power cut leaves. */
  kill(): Promise<void>;
  /** A clean stop. */
  stop(): Promise<void>;
  invoke(name: string, args: unknown): Promise<Envelope>;
  /** Waits for a session state matching `check`, seen after the latest start. */
  until(check: (s: PaymentSession) => boolean, what: string, timeoutMs?: number): Promise<PaymentSession>;
  readonly running: boolean;
  /** Calls `listener` with every session state from every run. */
  watch(listener: (s: PaymentSession) => void): void;
}

const bundles = new Map<string, Promise<string>>();

/**
 * A script bundled once per test run (`entry` under the repository root): a restart then costs a
 * plain `node` start, not a TypeScript compile of the whole core (which tsx would redo in every
 * child), and the child runs built code, as the app does.
 */
export function bundleScript(entry: string): Promise<string> {
  let bundled = bundles.get(entry);
  if (bundled) return bundled;
  bundled = (async () => {
    // Beside the packages it imports, and outside test-results: it holds the sandbox's test cards,
    // which the card-data tripwire would rightly flag in anything the tests wrote.
    const name = basename(entry).replace(/\.ts$/, '');
    const outfile = join(ROOT, 'node_modules/.cache/callpay-test', `${name}-${process.pid}.mjs`);
    await build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: { '@shared': join(ROOT, 'src-shared') },
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  })();
  bundles.set(entry, bundled);
  return bundled;
}

/** A free loopback port, so the receiver keeps one address (its public URL) across restarts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export function coreProcess(config: CoreHostConfig): CoreProcess {
  let child: ChildProcess | undefined;
  let nextId = 0;
  const pending = new Map<number, (e: Envelope) => void>();
  const latest = new Map<string, PaymentSession>();
  const seen: PaymentSession[] = [];
  const listeners: ((s: PaymentSession) => void)[] = [];
  const note = (s: PaymentSession) => {
    latest.set(s.id, s);
    seen.push(s);
    for (const listener of listeners) listener(s);
  };
  const exited = () =>
    new Promise<void>((r) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) r();
      else child.once('exit', () => r());
    });
  const lost = (): Envelope => ({ ok: false, error: { code: 'crashed', message: 'The core is down.' } });

  return {
    latest,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async start() {
      seen.length = 0;
      const started = fork(await bundleScript('test/helpers/core-host.ts'), [], {
        cwd: ROOT,
        execArgv: [],
        env: { ...process.env, CALLPAY_CORE_HOST: JSON.stringify(config) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      child = started;
      const ready = new Promise<void>((resolveReady, reject) => {
        started.once('exit', (code) => reject(new Error(`The core exited while starting (${code}).`)));
        started.on(
          'message',
          (m: { ready?: true; id?: number; envelope?: Envelope; event?: string; payload?: unknown }) => {
            if (m.ready) resolveReady();
            if (m.id !== undefined) pending.get(m.id)?.(m.envelope!);
            if (m.id !== undefined) pending.delete(m.id);
            if (m.event === 'payments.session') {
              const s = m.payload as PaymentSession;
              latest.set(s.id, s);
              seen.push(s);
            }
          },
        );
      });
      started.once('exit', () => {
        for (const answer of pending.values()) answer(lost());
        pending.clear();
      });
      await ready;
      // Live mode: payments need the receiver's public URL to answer its heartbeat first.
      await waitFor(
        async () => {
          const status = await this.invoke('app.status', {});
          return (
            status.ok &&
            (status.value as { health: { tunnel: { state: string } } }).health.tunnel.state === 'ok'
          );
        },
        20_000,
        'the receiver’s public URL',
      );
      // The restored sessions were announced before the IPC listener existed: ask for them. What
      // died unsaved with the last run is not among them, as the restarted console would not show it.
      latest.clear();
      const listed = await this.invoke('payments.get', {});
      if (listed.ok) for (const s of (listed.value as { sessions: PaymentSession[] }).sessions) note(s);
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited();
    },
    async stop() {
      if (!this.running) return;
      child!.send('stop');
      await exited();
    },
    invoke(name, args) {
      if (!this.running) return Promise.resolve(lost());
      const id = nextId++;
      return new Promise((r) => {
        pending.set(id, r);
        child!.send({ id, name, args }, (error) => {
          if (error) {
            pending.delete(id);
            r(lost());
          }
        });
      });
    },
    watch: (listener) => void listeners.push(listener),
    until: (check, what, timeoutMs = 15_000) =>
      waitFor(() => [...seen].reverse().find(check), timeoutMs, what),
  };
}
