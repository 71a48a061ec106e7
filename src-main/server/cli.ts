import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, errorMessage } from '@shared/api';
import { callAdminSocket } from './admin';
import { parseServerArgs, type AdminArgs } from './cli-args';
import { readTwilioCredentials } from './credentials';
import { readSecretsKey } from './secrets/secrets-key';
import { startTeamServer } from './team-server';
import { verifyAudit } from './verify-audit';

const root = resolve(import.meta.dirname, '../..');

async function runAdmin(args: AdminArgs) {
  if (args.command === 'invite') {
    const invite = (await callAdminSocket(args.dataDir, 'POST', '/invites', {
      name: args.name,
      role: args.role,
    })) as {
      link: string;
      expiresAt: string;
    };
    console.log(`invite for ${args.name} (${args.role}), works once until ${invite.expiresAt}:`);
    console.log(invite.link);
  } else if (args.command === 'devices') {
    const { devices } = (await callAdminSocket(args.dataDir, 'GET', '/devices')) as {
      devices: Array<{ id: string; userName: string; role: string; label: string; revokedAt?: string }>;
    };
    for (const d of devices) {
      console.log(`${d.id}  ${d.userName} (${d.role})  ${d.revokedAt ? 'revoked' : 'active'}  ${d.label}`);
    }
    if (devices.length === 0) console.log('No devices have signed in yet.');
  } else {
    await callAdminSocket(args.dataDir, 'POST', `/devices/${encodeURIComponent(args.deviceId)}/revoke`);
    console.log(`revoked: ${args.deviceId}`);
  }
}

async function main() {
  const args = parseServerArgs(process.argv.slice(2));
  if (args.command === 'verify-audit') {
    // 0 intact, 1 broken, 2 could not check (as npm run audit:verify answers for a desktop's log).
    const code = await verifyAudit(args).catch((error: unknown) => {
      console.error(`callpay server: ${errorMessage(error)}`);
      return 2;
    });
    process.exit(code);
  }
  if (args.command !== 'start') return runAdmin(args);
  const credentials = readTwilioCredentials();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const rendererDir = join(root, 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppError(
      'console_not_built',
      'The console is not built yet: run "npm run build" once, then start again.',
    );
  }
  const secretsKey = await readSecretsKey(args.secretsKeyFile);
  const server = await startTeamServer({ ...args, credentials, secretsKey, version, rendererDir });
  console.log(`server: ${server.url}`);
  console.log(`mode: ${server.core.status().mode}`);
  console.log(`database: ${server.db.kind === 'pglite' ? join(args.dataDir, 'db') : 'PostgreSQL'}`);
  console.log(`webhooks: ${server.core.webhooksUrl}`);
  if (server.firstAdminLink) console.log(`first admin, sign in once: ${server.firstAdminLink}`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = errorMessage(error);
  console.error(`callpay server: ${message}`);
  process.exit(1);
});
