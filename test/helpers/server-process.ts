import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { ServerHostConfig } from './server-host';

const ROOT = resolve(import.meta.dirname, '../..');

/** A Callpay Server instance in a child process (test/helpers/server-host.ts) that a test can kill -9. */
export interface ServerProcess {
  /** The app's port (the team link's), once started. */
  port: number;
  webhooksUrl: string;
  start(): Promise<void>;
  /** SIGKILL: no close, no flush, exactly what a crash leaves. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** An invite link, made by this instance's admin commands. */
  invite(name: string): Promise<string>;
}

export function serverProcess(config: ServerHostConfig): ServerProcess {
  let child: ChildProcess | undefined;
  let nextId = 0;
  const pending = new Map<number, (link: string) => void>();
  const exited = () =>
    new Promise<void>((r) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) r();
      else child.once('exit', () => r());
    });
  const self: ServerProcess = {
    port: 0,
    webhooksUrl: '',
    async start() {
      // Through tsx, not a bundle: the server finds its migrations folder beside its own source.
      const started = fork(join(ROOT, 'test/helpers/server-host.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx'],
        env: {
          ...process.env,
          TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.node.json'),
          CALLPAY_SERVER_HOST: JSON.stringify(config),
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      child = started;
      await new Promise<void>((ready, reject) => {
        started.once('exit', (code) => reject(new Error(`The server exited while starting (${code}).`)));
        started.on(
          'message',
          (m: { ready?: true; port?: number; webhooksUrl?: string; id?: number; link?: string }) => {
            if (m.ready) {
              self.port = m.port!;
              self.webhooksUrl = m.webhooksUrl!;
              ready();
            }
            if (m.id !== undefined) pending.get(m.id)?.(m.link!);
          },
        );
      });
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited();
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      await exited();
    },
    invite(name) {
      const id = nextId++;
      return new Promise((r) => {
        pending.set(id, r);
        child!.send({ id, invite: { name, role: 'agent' } });
      });
    },
  };
  return self;
}
