import { ENDED_CALL_STATUSES } from '@shared/api';
import { startSandbox, type CallRecord, type SandboxOptions } from '../../sandbox';
import { createRestClient } from '../twilio/rest-client';
import type { TwilioConnection } from '../twilio/connection';

export interface SandboxConnectionOptions {
  sandbox?: SandboxOptions;
  /** The receiver's local URL: in sandbox mode callbacks go straight there, no tunnel. */
  receiverUrl: string;
  restTimeoutMs?: number;
  /** A call in the sandbox ended (completed, failed, …). */
  onCallEnded(callSid: string): void;
  /** A call in the sandbox began or changed status (the console follows it without asking). */
  onCallStatus?(call: CallRecord): void;
}

/** Sandbox mode: the emulator in-process, the official client pointed at it. */
export async function startSandboxConnection(options: SandboxConnectionOptions): Promise<TwilioConnection> {
  const sandbox = await startSandbox(options.sandbox ?? {});
  const { accountSid, authToken } = sandbox.credentials;
  const client = createRestClient({
    accountSid,
    username: accountSid,
    password: authToken,
    sandboxUrl: sandbox.url,
    timeoutMs: options.restTimeoutMs,
  });
  // Ahead of the leg's own callback, which the sandbox posts after the payment's caller-hung-up one.
  const unsubscribe = sandbox.calls.on('status', (call) => {
    if (ENDED_CALL_STATUSES.includes(call.status)) options.onCallEnded(call.sid);
    options.onCallStatus?.(call);
  });
  return {
    mode: 'sandbox',
    client: () => client,
    callbackBase: () => options.receiverUrl,
    signatureBases: () => [options.receiverUrl],
    authToken: () => authToken,
    webhookSharedKey: () => sandbox.credentials.webhookSharedKey,
    health: () => ({
      twilio: { state: 'ok', detail: `The sandbox plays Twilio at ${sandbox.url}.` },
      tunnel: { state: 'off', detail: 'Not needed in sandbox mode.' },
    }),
    urls: () => ({ sandbox: sandbox.url }),
    control: () => sandbox.control,
    sandbox: () => sandbox,
    stop: async () => {
      unsubscribe();
      await sandbox.close();
    },
  };
}
