// The team the bench measures: two Callpay Server instances on one fresh database, a standalone
// sandbox as "Twilio", and devices signed in and linked the way the desktop does it.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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
import type { EventWatch } from './callback-latency';

export type Instance = Awaited<ReturnType<typeof startTestServer>>;

export interface Team {
  /** 'postgres': the machine's server over its Unix socket; 'pglite': the fallback, one instance. */
  database: 'postgres' | 'pglite';
  /** The PostgreSQL database's URL, when there is one. */
  databaseUrl?: string;
  a: Instance;
  /** Another instance on the same database (with PGlite, `a` itself). */
  b: Instance;
  sandbox: Sandbox;
  /** The balancer Twilio posts to: the team's public URL, which callbacks are signed for. */
  publicUrl: string;
  signInPerMinute: number;
  close(): Promise<void>;
}

/**
 * Starts the team on a fresh PostgreSQL database (dropped by `close`), or on PGlite when the
 * machine's PostgreSQL cannot be reached. Sign-in is limited to `signInPerMinute` per address
 * (every bench device signs in from 127.0.0.1), and the receivers' flood guard is set above what
 * the bench sends, so the figures measure work, not policy.
 */
export async function startTeam(signInPerMinute: number): Promise<Team> {
  const database: TestDatabase | undefined = await freshDatabase('postgres').catch(() => undefined);
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
  const logged = (name: string) =>
    createLog({ level: 'info', destination: createWriteStream(join(keys.path, `${name}.log`)) });
  const a = await startTestServer({ ...shared, webhookPort: ports[0]!, log: logged('a') });
  const b = database ? await startTestServer({ ...shared, webhookPort: ports[1]!, log: logged('b') }) : a;
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

/** One device's link to an instance, as the desktop's main process holds it. */
export interface Device {
  link: TeamLink;
  identity?: string;
  /** Every state change of the link, in order, with when it happened. */
  changes: Array<LinkChange & { at: number }>;
  /** Every `payments.session` event the link handed on, in order. */
  sessions: PaymentSession[];
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
  team: Team,
  server: Instance,
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
export async function inviteFor(team: Team, role: Role): Promise<string> {
  const { link } = await team.a.admin.invite({ name: `Bench ${role} ${named++}`, role });
  return link.split('/').pop()!;
}

/** The desktop's TeamLink on a device credential, its events and state changes kept. */
export function linkDevice(serverUrl: string, token: string): Device {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const changes: Device['changes'] = [];
  const sessions: PaymentSession[] = [];
  const link = new TeamLink({
    serverUrl,
    token,
    onEvent: (name, payload) => {
      if (name === 'payments.session') sessions.push(payload as PaymentSession);
      for (const listener of listeners) listener(name, payload);
    },
    onChange: (change) => changes.push({ ...change, at: performance.now() }),
  });
  const watch: EventWatch = (listener) => {
    const each = (name: string, payload: unknown) => {
      if (name !== 'payments.session') return;
      const s = payload as PaymentSession;
      const field = s.fields.find((f) => f.field === 'payment-card-number');
      if (s.paymentSid) listener(s.paymentSid, field?.display?.length ?? 0);
    };
    listeners.add(each);
    return () => void listeners.delete(each);
  };
  return { link, changes, sessions, watch, close: () => link.close() };
}

/** Payments the device's person starts on `count` new calls at the team's sandbox. */
export async function startPayments(team: Team, device: Device, count: number): Promise<PaymentSession[]> {
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
