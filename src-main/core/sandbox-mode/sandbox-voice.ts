import type { Twilio } from 'twilio';
import { createVoice, type SandboxOptions, type SandboxVoice } from '../../sandbox';
import { followPublicUrl } from '../twilio/account-setup';

/** The sandbox's voice side for one sandbox start, and the TwiML App made for it. */
export interface SandboxPhone {
  voice: SandboxVoice;
  twimlAppSid?: string;
  /** The sandbox number outgoing calls show and customers call. */
  callerId?: string;
}

/** Adds a fresh voice side (signaling, far ends) to the sandbox's extensions. */
export function withVoice(options: SandboxOptions | undefined): {
  options: SandboxOptions;
  phone: SandboxPhone;
} {
  const voice = createVoice();
  const phone: SandboxPhone = { voice };
  return {
    options: { ...options, extensions: [...(options?.extensions ?? []), voice.extension] },
    phone,
  };
}

/**
 * Sets the sandbox up as live setup sets an account up, over REST with the twilio library: a TwiML
 * App pointing at the local receiver and the first number's voice URL pointing at Callpay.
 */
export async function provisionSandbox(
  phone: SandboxPhone,
  client: Twilio,
  receiverUrl: string,
): Promise<void> {
  const [number] = await client.incomingPhoneNumbers.list({ limit: 1 });
  phone.callerId = number?.phoneNumber;
  phone.twimlAppSid = await followPublicUrl(client, receiverUrl, phone.callerId);
}
