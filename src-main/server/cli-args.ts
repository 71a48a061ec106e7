import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, errorMessage } from '@shared/api';
import { PersonName, Role } from './accounts';

/** Everything `npm run server` needs to start one instance. */
export interface StartArgs {
  command: 'start';
  dataDir: string;
  host: string;
  port: number;
  databaseUrl?: string;
  publicUrl?: string;
  restBaseUrl?: string;
  webhookPort: number;
  /** The audit log's sealing key (32 bytes); made on first start. Every instance of a team needs the same file. */
  auditKeyFile?: string;
  /** Seals the Twilio secrets an admin enters in the console (else CALLPAY_SECRETS_KEY). */
  secretsKeyFile?: string;
}

/** The admin commands, sent to the instance running on this data directory. */
export type AdminArgs =
  | { command: 'invite'; dataDir: string; name: string; role: Role }
  | { command: 'devices'; dataDir: string }
  | { command: 'revoke'; dataDir: string; deviceId: string };

/** Checks the team's audit log in the database, chain and seals, without a running instance. */
export interface VerifyAuditArgs {
  command: 'verify-audit';
  dataDir: string;
  databaseUrl?: string;
  auditKeyFile?: string;
}

const bad = (message: string) => new AppError('invalid_option', message);

function portFrom(name: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw bad(`--${name} must be a whole number from 0 to 65535, not "${text}".`);
  return port;
}

function urlFrom(name: string, text: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`--${name} must be a full address such as https://pay.example.com, not "${text}".`);
  }
  if (!protocols.includes(url.protocol)) {
    throw bad(`--${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, not "${text}".`);
  }
  return url;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** Reads the command line (and DATABASE_URL, CALLPAY_SERVER_DATA_DIR); every mistake gets a sentence. */
export function parseServerArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): StartArgs | AdminArgs | VerifyAuditArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': {
          type: 'string',
          default: env.CALLPAY_SERVER_DATA_DIR ?? join(homedir(), '.callpay-server'),
        },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8790' },
        'webhook-port': { type: 'string', default: '0' },
        'database-url': { type: 'string' },
        'public-url': { type: 'string' },
        'rest-base-url': { type: 'string' },
        role: { type: 'string', default: 'agent' },
        'audit-key-file': { type: 'string' },
        'secrets-key-file': { type: 'string' },
      },
    });
  } catch (error) {
    throw bad(errorMessage(error));
  }
  const { values, positionals } = parsed;
  const dataDir = resolve(values['data-dir']);
  const [command = 'start', ...rest] = positionals;
  if (command === 'invite') {
    const name = PersonName.safeParse(rest.join(' '));
    if (!name.success)
      throw bad(`${name.error.issues[0]!.message} Usage: npm run server -- invite "Ana Ruiz" --role agent`);
    const role = Role.safeParse(values.role);
    if (!role.success) throw bad(`--role: ${role.error.issues[0]!.message}`);
    return { command, dataDir, name: name.data, role: role.data };
  }
  if (command === 'devices') return { command, dataDir };
  if (command === 'revoke') {
    if (rest.length !== 1)
      throw bad('Name one device to revoke: npm run server -- revoke <device id> (see "devices").');
    return { command, dataDir, deviceId: rest[0]! };
  }
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
  if (databaseUrl !== undefined) urlFrom('database-url', databaseUrl, ['postgres:', 'postgresql:']);
  const auditKeyFile = values['audit-key-file'] === undefined ? undefined : resolve(values['audit-key-file']);
  if (command === 'verify-audit') return { command, dataDir, databaseUrl, auditKeyFile };
  if (command !== 'start')
    throw bad(`Unknown command "${command}": use start, invite, devices, revoke or verify-audit.`);

  const restBaseUrl = values['rest-base-url'];
  if (restBaseUrl !== undefined) urlFrom('rest-base-url', restBaseUrl, ['http:', 'https:']);
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined) {
    const url = urlFrom('public-url', publicUrl, ['https:', 'http:']);
    // Plain http only for a rehearsal on this machine: Twilio itself calls back over HTTPS.
    if (url.protocol === 'http:' && !(restBaseUrl !== undefined && isLoopback(url))) {
      throw bad('--public-url must be the https:// address Twilio reaches this server at.');
    }
  }
  return {
    command,
    dataDir,
    host: values.host,
    port: portFrom('port', values.port),
    webhookPort: portFrom('webhook-port', values['webhook-port']),
    databaseUrl,
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    restBaseUrl,
    ...(auditKeyFile === undefined ? {} : { auditKeyFile }),
    ...(values['secrets-key-file'] === undefined
      ? {}
      : { secretsKeyFile: resolve(values['secrets-key-file']) }),
  };
}
