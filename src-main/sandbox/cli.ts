import { parseArgs } from 'node:util';
import { startSandbox } from './index';

/** `npm run emulator -- --port <P>`: the sandbox standalone, printing where it listens and its credentials. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      'api-key-sid': { type: 'string' },
      'api-key-secret': { type: 'string' },
      'time-scale': { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm run emulator -- [--port P] [--account-sid AC…] [--auth-token T] [--api-key-sid SK…] [--api-key-secret S]',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  const timeScale = Number(values['time-scale']);
  if (!(timeScale > 0)) throw new Error('--time-scale must be a positive number, such as 1 or 0.1.');
  const sandbox = await startSandbox({
    port,
    timeScale,
    credentials: {
      accountSid: values['account-sid'],
      authToken: values['auth-token'],
      apiKeySid: values['api-key-sid'],
      apiKeySecret: values['api-key-secret'],
    },
    log: (event, fields) => console.log(JSON.stringify({ event, ...fields })),
  });
  const c = sandbox.credentials;
  console.log(`Callpay Twilio sandbox listening on ${sandbox.url}`);
  console.log(`  REST base:       ${sandbox.url}/2010-04-01/Accounts/${c.accountSid}/`);
  console.log(`  Account SID:     ${c.accountSid}`);
  console.log(`  Auth token:      ${c.authToken}`);
  console.log(`  API key SID:     ${c.apiKeySid}`);
  console.log(`  API key secret:  ${c.apiKeySecret}`);
  console.log(`  Control API:     ${sandbox.url}/_sandbox/calls`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
