import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createCore, type Core } from '../core/compose';
import type { AppLog } from '../core/log';
import { fixedUrlProvider } from '../core/tunnel';
import { SettingsStore } from '../core/settings/settings-store';
import { TeamAccounts, type AccountsOptions } from './accounts/team-accounts';
import { adminCommands, REVOKED_CHANNEL } from './admin/admin-commands';
import { listenAdminSocket } from './admin/admin-socket';
import type { StartArgs } from './cli-args';
import { environmentSecretStore, type TwilioCredentials } from './credentials';
import { openDatabase, type Database } from './db';
import { actingIdentity } from './carrier/caller';
import { teamHost } from './carrier/team-carrier';
import { buildServerApp } from './http/app';
import { DeviceSockets } from './http/device-sockets';
import { CommandLedger, EventRing } from './link';
import { CallClaims } from './state/call-claims';
import { openTeamAudit } from './state/team-audit';
import { PgSessionStore } from './state/pg-session-store';
import { followSessions } from './state/session-follower';

export interface TeamServerOptions extends Omit<StartArgs, 'command'> {
  version: string;
  rendererDir: string;
  /** From the environment; undefined runs the server in sandbox mode. */
  credentials?: TwilioCredentials;
  accounts?: AccountsOptions;
  signInPerMinute?: number;
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
  if (credentials) {
    // The account's non-secret ids go in the core's settings; the secrets stay in this process's environment.
    const settings = new SettingsStore(coreDir);
    await settings.load();
    await settings.update({
      twilio: { accountSid: credentials.accountSid, apiKeySid: credentials.apiKeySid },
    });
  }
  let consoleOrigins: string[] = [];
  const instanceId = randomUUID();
  const sessions = new PgSessionStore(db, undefined, instanceId);
  const accounts = new TeamAccounts(db, options.accounts);
  const [team] = await db.query<{ id: string }>('select id from team_identity limit 1');
  const core = await createCore({
    receiverId: team!.id,
    dataDir: coreDir,
    version: options.version,
    secrets: environmentSecretStore(credentials, auditKeyPath),
    audit: (onChange) => openTeamAudit(db, auditKeyPath, onChange),
    sessions,
    actor: actingIdentity,
    ringGroup: () => accounts.ringGroup(),
    liveRestBaseUrl: options.restBaseUrl,
    webhookPort: options.webhookPort,
    webhookRateLimitPerMinute: options.webhookRateLimitPerMinute,
    log: options.log,
    tunnel: options.publicUrl ? { provider: fixedUrlProvider(options.publicUrl) } : undefined,
    // Sandbox mode: the consoles this server serves (its own origins) may reach the sandbox's signaling.
    sandbox: { allowedOrigins: () => consoleOrigins },
  });
  const sockets = new DeviceSockets();
  // The team link: every event numbered (a reconnecting desktop resumes), every command answered once.
  const ring = new EventRing(core.api);
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
    link: { ring, ledger },
  });
  await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  baseUrl = options.publicUrl ?? url;
  consoleOrigins = [
    `http://127.0.0.1:${port}`,
    `http://localhost:${port}`,
    ...(options.publicUrl ? [new URL(options.publicUrl).origin] : []),
  ];
  const stopListening = await db.listen(REVOKED_CHANNEL, (deviceId) => sockets.cutOff(deviceId));
  const stopFollowing = await followSessions(db, sessions, instanceId, (id, read) =>
    core.payments.refresh(id, read),
  );
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
    accounts,
    admin,
    sockets,
    firstAdminLink,
    close: async () => {
      sockets.closeAll();
      await adminSocket.close();
      await app.close();
      ring.close();
      await stopListening();
      await stopFollowing();
      await core.stop();
      await db.close();
    },
  };
}
