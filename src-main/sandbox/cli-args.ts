import { parseArgs } from 'node:util';
import type { SandboxOptions } from './index';

export const usage =
  'Usage: npm run emulator -- [--port P] [--account-sid AC…] [--auth-token T] [--api-key-sid SK…] ' +
  '[--api-key-secret S] [--webhook-shared-key S] [--sign-with auth-token|shared-key] [--time-scale 1]';

/** Reads the emulator's command line; throws a sentence naming the bad flag. `help` means print usage. */
export function parseCliArgs(argv: string[]): { help: true } | { help: false; options: SandboxOptions } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      'api-key-sid': { type: 'string' },
      'api-key-secret': { type: 'string' },
      'webhook-shared-key': { type: 'string' },
      'sign-with': { type: 'string', default: 'auth-token' },
      'time-scale': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  const port = Number(values.port);
  if (!/^[0-9]+$/.test(values.port) || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  const timeScale = Number(values['time-scale']);
  if (!(timeScale > 0)) throw new Error('--time-scale must be a positive number, such as 1 or 0.1.');
  const signWith = values['sign-with'];
  if (signWith !== 'auth-token' && signWith !== 'shared-key')
    throw new Error(`--sign-with must be auth-token or shared-key, not "${signWith}".`);
  return {
    help: false,
    options: {
      port,
      timeScale,
      webhookSigning: signWith,
      credentials: {
        accountSid: values['account-sid'],
        authToken: values['auth-token'],
        apiKeySid: values['api-key-sid'],
        apiKeySecret: values['api-key-secret'],
        webhookSharedKey: values['webhook-shared-key'],
      },
    },
  };
}
