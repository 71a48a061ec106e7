import type { Twilio } from 'twilio';
import { AppError } from '@shared/api';
import type { SetupResult } from '@shared/api';
import { WEBHOOK_PATHS } from '../webhooks/paths';

/** The name Callpay's TwiML App goes by, so a second setup updates it instead of making another. */
export const TWIML_APP_NAME = 'Callpay softphone';

/** What setup keeps: the key (its secret goes to the SecretStore) and the app it made or found. */
export interface AccountSetup extends SetupResult {
  apiKeySecret: string;
}

/**
 * One-step setup with the Account SID and Auth Token: checks them, creates an API key, creates or
 * updates the TwiML App (voice URL = the public URL's app route) and lists the numbers for a caller ID.
 */
export async function setupAccount(
  client: Twilio,
  publicBase: string | undefined,
  keyName: string,
): Promise<AccountSetup> {
  await checkCredentials(client);
  const key = await client.newKeys.create({ friendlyName: keyName });
  const app = await upsertTwimlApp(client, publicBase);
  const numbers = await client.incomingPhoneNumbers.list({ limit: 100 });
  return {
    apiKeySid: key.sid,
    apiKeySecret: key.secret,
    twimlAppSid: app,
    numbers: numbers.map((n) => ({ sid: n.sid, phoneNumber: n.phoneNumber, friendlyName: n.friendlyName })),
    callerId: numbers.length === 1 ? numbers[0]!.phoneNumber : undefined,
  };
}

/** Fails with a sentence the user can act on when the account or token is wrong. */
export async function checkCredentials(client: Twilio): Promise<void> {
  try {
    // Any read proves the pair; the numbers list is one the sandbox also serves.
    await client.incomingPhoneNumbers.list({ limit: 1 });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403 || status === 404)
      throw new AppError(
        'bad_credentials',
        'Twilio did not accept that Account SID and Auth Token. Copy both again from the Twilio Console.',
      );
    throw new AppError(
      'twilio_unreachable',
      'Callpay could not reach Twilio to check the account. Try again.',
    );
  }
}

/**
 * Creates Callpay's TwiML App, or points the existing one at `publicBase`; returns its SID. Without a
 * public URL yet (before the first tunnel), the app is made bare and gets its URL when the tunnel is up.
 */
export async function upsertTwimlApp(client: Twilio, publicBase: string | undefined): Promise<string> {
  const [existing] = await client.applications.list({ friendlyName: TWIML_APP_NAME, limit: 1 });
  if (publicBase === undefined) {
    return existing?.sid ?? (await client.applications.create({ friendlyName: TWIML_APP_NAME })).sid;
  }
  const urls = pointedAt(publicBase, WEBHOOK_PATHS.voiceApp);
  if (existing) {
    if (existing.voiceUrl !== urls.voiceUrl || existing.statusCallback !== urls.statusCallback)
      await client.applications(existing.sid).update(urls);
    return existing.sid;
  }
  const created = await client.applications.create({ friendlyName: TWIML_APP_NAME, ...urls });
  return created.sid;
}

/** Points the caller-ID number's voice URL and StatusCallback at Callpay, so customers calling it ring the agent. */
export async function pointNumber(client: Twilio, phoneNumber: string, publicBase: string): Promise<void> {
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 });
  if (!number)
    throw new AppError(
      'unknown_number',
      `${phoneNumber} is not a number on this Twilio account. Pick one from the list.`,
    );
  const urls = pointedAt(publicBase, WEBHOOK_PATHS.voiceNumber);
  if (number.voiceUrl !== urls.voiceUrl || number.statusCallback !== urls.statusCallback)
    await client.incomingPhoneNumbers(number.sid).update(urls);
}

/** Keeps the app's and the number's voice URLs on the current public URL (it changes with each tunnel). */
export async function followPublicUrl(
  client: Twilio,
  publicBase: string,
  callerId: string | undefined,
): Promise<string> {
  const app = await upsertTwimlApp(client, publicBase);
  if (callerId) await pointNumber(client, callerId, publicBase);
  return app;
}

/** A voice URL on Callpay's receiver, and the StatusCallback that tells it how each call ended. */
function pointedAt(publicBase: string, voicePath: string) {
  return {
    voiceUrl: join(publicBase, voicePath),
    voiceMethod: 'POST',
    statusCallback: join(publicBase, WEBHOOK_PATHS.callStatus),
    statusCallbackMethod: 'POST',
  };
}

function join(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}
