// The team the bench measures: two Callpay Server instances on one fresh database, a standalone
// sandbox as "Twilio", and devices signed in and linked the way the desktop does it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { PaymentSession } from '@shared/payments';
import { createLog } from '../../src-main/core/log';
import { startSandbox, type Sandbox } from '../../src-main/sandbox';
import type { Role } from '../../src-main/server/accounts/roles';
import { redeemInvite, TeamLink, type LinkChange } from '../../src-main/team-link';
import { freePort } from '../helpers/core-process';
import { startRoundRobinProxy } from '../helpers/round-robin-proxy';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { freshDatabase, type TestDatabase } from '../server/helpers/databases';
import { startTestServer } from '../server/helpers/team';
import type { TeamServerOptions } from '../../src-main/server/team-server';
import { keyedDigits, type EventWatch } from './callback-latency';

const root = resolve(import.meta.dirname, '../..');

export type Instance = Awaited<ReturnType<typeof startTestServer>>;

/** What the latency and sign-in parts need of an instance: one in this process, or one in its own. */
export interface InstanceHandle {
  url: string;
  core: { webhooksUrl: string };
  admin: { invite(input: { name: string; role: Role }): Promise<{ link: string }> };
  close(): Promise<void>;
}

export interface Team<I extends InstanceHandle = Instance> {
  /** 'postgres': the machine's server over its Unix socket; 'pglite': the fallback, one instance. */
  database: 'postgres' | 'pglite';
  /** The PostgreSQL database's URL, when there is one. */
  databaseUrl?: string;
  a: I;
  /** Another instance on the same database (with PGlite, `a` itself). */
  b: I;
  sandbox: Sandbox;
  /** The balancer Twilio posts to: the team's public URL, which callbacks are signed for. */
  publicUrl: string;
  signInPerMinute: number;
  close(): Promise<void>;
}

type InstanceOptions = Partial<TeamServerOptions> & { webhookPort: number };

/**
 * Starts the team on a fresh PostgreSQL database (dropped by `close`), or on PGlite when the
 * machine's PostgreSQL cannot be reached. Sign-in is limited to `signInPerMinute` per address
 * (every bench device signs in from 127.0.0.1), and the receivers' flood guard is set above what
 * the bench sends, so the figures measure work, not policy.
 */
export function startTeam(signInPerMinute: number): Promise<Team> {
  return startTeamWith(signInPerMinute, false, (options, log) =>
    startTestServer({ ...options, log: logTo(log) }),
  );
}

/**
 * The same team with each instance in a process of its own (`team-instance.ts`), as production runs
 * them: PostgreSQL only (a PGlite database is one process's), undefined when it cannot be reached.
 */
export async function startProcessTeam(signInPerMinute: number): Promise<Team<InstanceHandle> | undefined> {
  return startTeamWith(signInPerMinute, true, instanceProcess).catch((error: unknown) => {
    if (error instanceof NoPostgres) return undefined;
    throw error;
  });
}

class NoPostgres extends Error {}

const logTo = (file: string) => createLog({ level: 'info', destination: createWriteStream(file) });

async function startTeamWith<I extends InstanceHandle>(
  signInPerMinute: number,
  postgresOnly: boolean,
  start: (options: InstanceOptions, logFile: string) => Promise<I>,
): Promise<Team<I>> {
  const database: TestDatabase | undefined = await freshDatabase('postgres').catch(() => undefined);
  if (!database && postgresOnly) throw new NoPostgres();
  const sandbox = await startSandbox({ timeScale: 0.02 });
  const proxy = await startRoundRobinProxy();
  const keys = await tempDir('bench-team-');
  const auditKeyFile = join(keys.path, 'audit.key');
  await writeFile(auditKeyFile, randomBytes(32), { mode: 0o600 });
  const shared = {
    databaseUrl: database?.url,
    auditKeyFile,
    credentials: sandbox.credentials,
    restBaseUrl: sandbox.url,
    publicUrl: proxy.url,
    signInPerMinute,
    webhookRateLimitPerMinute: 100_000_000,
  };
  const ports = database ? [await freePort(), await freePort()] : [await freePort()];
  proxy.targets = ports.map((port) => `http://127.0.0.1:${port}`);
  const a = await start({ ...shared, webhookPort: ports[0]! }, join(keys.path, 'a.log'));
  const b = database ? await start({ ...shared, webhookPort: ports[1]! }, join(keys.path, 'b.log')) : a;
  return {
    database: database ? 'postgres' : 'pglite',
    databaseUrl: database?.url,
    a,
    b,
    sandbox,
    publicUrl: proxy.url,
    signInPerMinute,
    close: async () => {
      await a.close();
      if (b !== a) await b.close();
      await proxy.close();
      await sandbox.close();
      await keys.cleanup();
      await database?.drop();
    },
  };
}

/** An instance in a process of its own: started with `options`, asked for invites over its stdin. */
async function instanceProcess(options: InstanceOptions, logFile: string): Promise<InstanceHandle> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/tsx/dist/cli.mjs'),
      '--tsconfig',
      join(root, 'tsconfig.node.json'),
      join(root, 'test/bench/team-instance.ts'),
    ],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, CALLPAY_BENCH_INSTANCE: JSON.stringify({ ...options, logFile }) },
    },
  );
  const answers: Array<(line: string) => void> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => answers.shift()?.(line));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      answers.push(resolve);
      void exited.then(() => reject(new Error('A bench instance process exited.')));
    });
  const { url, webhooksUrl } = JSON.parse(await next()) as { url: string; webhooksUrl: string };
  // One invite at a time: answers come back in the order asked.
  let queue = Promise.resolve();
  return {
    url,
    core: { webhooksUrl },
    admin: {
      invite: (input) => {
        const asked = queue.then(async () => {
          const answer = next();
          child.stdin!.write(`${JSON.stringify(input)}\n`);
          return JSON.parse(await answer) as { link: string };
        });
        queue = asked.then(
          () => undefined,
          () => undefined,
        );
        return asked;
      },
    },
    close: async () => {
      child.stdin!.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      child.kill();
    },
  };
}

/** One state a console showed: which session, and how many card digits it shows keyed. */
export interface Shown {
  id: string;
  keyed: number;
}

/** One device's link to an instance, as the desktop's main process holds it. */
export interface Device {
  link: TeamLink;
  identity?: string;
  /** Every state change of the link, in order, with when it happened. */
  changes: Array<LinkChange & { at: number }>;
  /**
   * What the console showed, in order: each `payments.session` event the link handed on, as its
   * session and the card digits it shows keyed: all the checks read. Not the payloads, which a run
   * of thousands of events would keep in the bench's heap, beside the instances it times.
   */
  shown: Shown[];
  /** Watches the events the link hands on (what the desktop's renderer would get). */
  watch: EventWatch;
  close(): void;
}

let named = 0;

/**
 * Signs one person in with an invite (made by the admin on `a`) through `/link/redeem` on
 * `server`, then opens the device's link to it and waits for the hello.
 */
export async function signInDevice(
  team: Team<InstanceHandle>,
  server: InstanceHandle,
  role: Role,
  options: { invite?: string } = {},
): Promise<Device> {
  const invite = options.invite ?? (await inviteFor(team, role));
  const { token, user } = await redeemInvite(server.url, invite, `Bench device ${named}`);
  const device = linkDevice(server.url, token);
  device.identity = user.name;
  await waitFor(() => device.link.state === 'connected', 30_000, `${user.name}'s link`);
  return device;
}

/** A fresh invite's code (the admin's step, not part of anyone's sign-in). */
export async function inviteFor(team: Team<InstanceHandle>, role: Role): Promise<string> {
  const { link } = await team.a.admin.invite({ name: `Bench ${role} ${named++}`, role });
  return link.split('/').pop()!;
}

/** The desktop's TeamLink on a device credential, its events and state changes kept. */
export function linkDevice(serverUrl: string, token: string): Device {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const changes: Device['changes'] = [];
  const shown: Shown[] = [];
  const link = new TeamLink({
    serverUrl,
    token,
    onEvent: (name, payload) => {
      if (name === 'payments.session') {
        const s = payload as PaymentSession;
        shown.push({ id: s.id, keyed: keyedDigits(s) });
      }
      for (const listener of listeners) listener(name, payload);
    },
    onChange: (change) => changes.push({ ...change, at: performance.now() }),
  });
  const watch: EventWatch = (listener) => {
    const each = (name: string, payload: unknown) => {
      if (name !== 'payments.session') return;
      const s = payload as PaymentSession;
      if (s.paymentSid) listener(s.paymentSid, keyedDigits(s));
    };
    listeners.add(each);
    return () => void listeners.delete(each);
  };
  return { link, changes, shown, watch, close: () => link.close() };
}

/** Payments the device's person starts on `count` new calls at the team's sandbox. */
export async function startPayments(
  team: Team<InstanceHandle>,
  device: Device,
  count: number,
): Promise<PaymentSession[]> {
  const sessions: PaymentSession[] = [];
  for (let i = 0; i < count; i++) {
    const { sid } = team.sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' });
    const envelope = await device.link.invoke('payments.start', { callSid: sid, amount: '5.00' });
    if (!envelope.ok) throw new Error(`payments.start: ${envelope.error.message}`);
    sessions.push(envelope.value as PaymentSession);
  }
  return sessions;
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(items: T[], limit: number, work: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
