import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PaymentSession } from '@shared/payments';
import { createCore, type Core } from '../core/compose';
import type { AppLog } from '../core/log';
import { fixedUrlProvider } from '../core/tunnel';
import { createLog } from '../core/log';
import { APP_ORIGIN } from '../electron/renderer-protocol';
import { SettingsStore } from '../core/settings/settings-store';
import type { SecretStore } from '../core/settings/secret-store';
import type { Settings } from '@shared/api';
import { TeamAccounts, type AccountsOptions } from './accounts';
import { adminCommands, REVOKED_CHANNEL } from './admin';
import { listenAdminSocket } from './admin';
import type { StartArgs } from './cli-args';
import { environmentSecretStore, type TwilioCredentials } from './credentials';
import { openDatabase, type Database } from './db';
import { actingIdentity } from './carrier';
import { teamHost } from './carrier';
import { buildServerApp } from './http';
import { DeviceSockets } from './http';
import { CommandLedger, TeamEventLog, type TeamEventLogOptions } from './link';
import { CallClaims } from './state';
import { followCalls, PgCallBook } from './state';
import { openTeamAudit, PgHistory } from './state';
import { PgSessionStore } from './state';
import { followSessions } from './state';
import { accountPatch, TeamCredentials } from './secrets/team-credentials';

/**
 * Keeps this instance on the team's account: what this instance saves goes to the database, and
 * what another instance saved is read back and applied (checked with Twilio, as any switch is).
 */
async function followCredentials(entered: TeamCredentials, core: Core): Promise<() => Promise<void>> {
  const appLog = createLog();
  const log = (event: string) => (error: unknown) =>
    appLog.error(event, { reason: error instanceof Error ? error.message : String(error) });
  const unsubscribe = core.api.subscribe((name, payload) => {
    if (name === 'settings.changed')
      void entered.saveAccount((payload as Settings).twilio).catch(log('team_account.save_failed'));
  });
  const stop = await entered.follow(async () => {
    const current = await core.api.dispatch('settings.get', {});
    const patch = current.ok && accountPatch((current.value as Settings).twilio, entered.account);
    if (!patch) return core.secretsChanged();
    const applied = await core.api.dispatch('settings.set', { twilio: patch });
    if (!applied.ok) log('team_account.switch_failed')(new Error(applied.error.message));
  });
  return async () => {
    unsubscribe();
    await stop();
  };
}

const mapValues = <T extends object>(o: T, f: (v: unknown) => unknown) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

export interface TeamServerOptions extends Omit<StartArgs, 'command'> {
  version: string;
  rendererDir: string;
  /** From the environment; undefined runs the server in sandbox mode until an admin enters an account. */
  credentials?: TwilioCredentials;
  /** Seals the Twilio secrets an admin enters (`--secrets-key-file`, CALLPAY_SECRETS_KEY); without it they are refused. */
  secretsKey?: Buffer;
  accounts?: AccountsOptions;
  signInPerMinute?: number;
  /** How long the team link's numbered events are kept for a reconnecting device (default a day). */
  linkEvents?: TeamEventLogOptions;
  /** Signed callbacks per source per minute the receiver's flood guard allows (the benchmark raises it). */
  webhookRateLimitPerMinute?: number;
  /** Where the core logs (default stdout; the benchmark writes to a file). */
  log?: AppLog;
}

export interface TeamServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Where people open links: the public URL, or `url`. */
  baseUrl: string;
  port: number;
  db: Database;
  core: Core;
  /** The core's secrets, server-side only (tests read them to look for them where they must not be). */
  secrets: SecretStore;
  accounts: TeamAccounts;
  admin: ReturnType<typeof adminCommands>;
  /** The devices' open WebSockets on this instance (the benchmark drops them all at once). */
  sockets: DeviceSockets;
  /** A one-time sign-in link for the first admin, while the team has none. */
  firstAdminLink?: string;
  close(): Promise<void>;
}

/** Starts one instance: database (migrated), the core with its state in the database, the HTTP app, the admin socket. */
export async function startTeamServer(options: TeamServerOptions): Promise<TeamServer> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  const coreDir = join(options.dataDir, 'core');
  const auditKeyPath = options.auditKeyFile ?? join(options.dataDir, 'audit.key');
  const credentials = options.credentials;
  const instanceId = randomUUID();
  const fromEnvironment = environmentSecretStore(credentials, auditKeyPath);
  // The environment's credentials win; without them, those an admin entered, sealed in the database.
  const entered = credentials
    ? undefined
    : new TeamCredentials(db, options.secretsKey, instanceId, fromEnvironment);
  await entered?.refresh();
  const settings = new SettingsStore(coreDir);
  await settings.load();
  if (credentials) {
    // The account's non-secret ids go in the core's settings; the secrets stay in this process's environment.
    await settings.update({
      twilio: { accountSid: credentials.accountSid, apiKeySid: credentials.apiKeySid },
    });
  } else if (entered?.usable) {
    const patch = accountPatch(settings.value.twilio, entered.account);
    const removed = (v: unknown) => (v === null ? undefined : v);
    if (patch) await settings.update({ twilio: mapValues(patch, removed) as Settings['twilio'] });
  }
  let consoleOrigins: string[] = [];
  const sessions = new PgSessionStore(db, undefined, instanceId);
  const accounts = new TeamAccounts(db, options.accounts);
  const [team] = await db.query<{ id: string }>('select id from team_identity limit 1');
  const core = await createCore({
    receiverId: team!.id,
    dataDir: coreDir,
    version: options.version,
    secrets: entered?.store() ?? fromEnvironment,
    audit: (onChange) => openTeamAudit(db, auditKeyPath, onChange),
    // History from its own table, folded from the log as it grows: no request reads the whole log.
    history: (audit) => new PgHistory(db, { flush: () => audit.flush() }).start(),
    sessions,
    actor: actingIdentity,
    ringGroup: () => accounts.ringGroup(),
    // Live mode's calls from Twilio's callbacks, in the team's table: no Calls-list polling per agent.
    callBook: new PgCallBook(db, instanceId),
    liveRestBaseUrl: options.restBaseUrl,
    webhookPort: options.webhookPort,
    webhookRateLimitPerMinute: options.webhookRateLimitPerMinute,
    log: options.log,
    tunnel: options.publicUrl ? { provider: fixedUrlProvider(options.publicUrl) } : undefined,
    // Sandbox mode: the consoles this server serves (its own origins) may reach the sandbox's signaling.
    sandbox: { allowedOrigins: () => consoleOrigins },
  });
  const sockets = new DeviceSockets();
  // The team link: events numbered for the team (a desktop resumes on any instance), commands answered once.
  const events = await TeamEventLog.open(db, team!.id, {
    ...options.linkEvents,
    view: (name, payload) => {
      const session = name === 'payments.session' ? PaymentSession.safeParse(payload) : undefined;
      return session?.success ? core.openSession(session.data) : payload;
    },
  });
  const ledger = new CommandLedger(db);
  let baseUrl = '';
  const admin = adminCommands({
    accounts,
    sockets,
    db,
    baseUrl: () => baseUrl,
    verifyAudit: () => core.audit.verify(),
  });
  const claims = new CallClaims(db);
  const app = await buildServerApp({
    hostFor: (caller) => teamHost(caller, { host: core.api, claims, agentOf: (id) => sessions.agentOf(id) }),
    accounts,
    admin,
    sockets,
    rendererDir: options.rendererDir,
    publicUrl: options.publicUrl,
    signInPerMinute: options.signInPerMinute,
    link: { events, ledger },
  });
  await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  baseUrl = options.publicUrl ?? url;
  consoleOrigins = [
    // The desktop app's page, linked to this server (a rehearsal on one machine: the sandbox is on loopback).
    APP_ORIGIN,
    `http://127.0.0.1:${port}`,
    `http://localhost:${port}`,
    ...(options.publicUrl ? [new URL(options.publicUrl).origin] : []),
  ];
  // Listening again after a lost connection: a device revoked meanwhile is cut off now.
  const cutOffRevoked = async () => {
    const here = new Set(sockets.connected());
    for (const device of await accounts.devices())
      if (device.revokedAt && here.has(device.id)) sockets.cutOff(device.id);
  };
  const stopListening = await db.listen(
    REVOKED_CHANNEL,
    (deviceId) => sockets.cutOff(deviceId),
    () => void cutOffRevoked().catch(() => undefined),
  );
  const stopCredentials = entered ? await followCredentials(entered, core) : async () => undefined;
  const stopFollowing = followSessions(events, instanceId, (id, read) => core.payments.refresh(id, read));
  const stopFollowingCalls = await followCalls(db, instanceId, () => core.callsChanged());
  const adminSocket = await listenAdminSocket(options.dataDir, admin);
  const firstAdminLink = (await accounts.hasAdmin())
    ? undefined
    : (await admin.invite({ name: 'Admin', role: 'admin' })).link;
  return {
    url,
    baseUrl,
    port,
    db,
    core,
    secrets: entered?.store() ?? fromEnvironment,
    accounts,
    admin,
    sockets,
    firstAdminLink,
    close: async () => {
      sockets.closeAll();
      await adminSocket.close();
      await app.close();
      await events.close();
      await stopListening();
      stopFollowing();
      await stopFollowingCalls();
      await stopCredentials();
      await core.stop();
      await db.close();
    },
  };
}
