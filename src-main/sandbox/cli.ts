import { parseCliArgs, usage } from './cli-args';
import { startSandbox } from './index';
import { createVoice } from './voice';
import { errorMessage } from '@shared/api';

/** `npm run emulator -- --port <P>`: the sandbox standalone, printing where it listens and its credentials. */
async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  if (args.help) {
    console.log(usage);
    return;
  }
  const voice = createVoice();
  const sandbox = await startSandbox({
    ...args.options,
    extensions: [voice.extension],
    log: (event, fields) => console.log(JSON.stringify({ event, ...fields })),
  });
  const signaling = voice.secureSignaling();
  const c = sandbox.credentials;
  console.log(`Callpay Twilio sandbox listening on ${sandbox.url}`);
  console.log(`  REST base:       ${sandbox.url}/2010-04-01/Accounts/${c.accountSid}/`);
  console.log(`  Account SID:     ${c.accountSid}`);
  console.log(`  Auth token:      ${c.authToken}`);
  console.log(`  API key SID:     ${c.apiKeySid}`);
  console.log(`  API key secret:  ${c.apiKeySecret}`);
  console.log(`  Webhook signing: ${args.options.webhookSigning ?? 'auth-token'}`);
  console.log(`  Shared key:      ${c.webhookSharedKeySid} secret ${c.webhookSharedKey}`);
  console.log(`  Control API:     ${sandbox.url}/_sandbox/calls`);
  console.log(`  Voice signaling: ${sandbox.url.replace('http:', 'ws:')}/signal`);
  console.log(`  SDK chunderw:    ${signaling.chunderw} (wss, self-signed: ${signaling.url})`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  console.error(usage);
  process.exit(1);
});
