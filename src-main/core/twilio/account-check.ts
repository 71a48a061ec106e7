import { createRestClient, type TwilioTarget } from './rest-client';

/** Twilio's answer about an account: accepted, refused (401/20003), or no answer at all. */
export type AccountAnswer =
  { state: 'accepted'; friendlyName: string } | { state: 'refused' | 'unreachable' };

/** The sentence for a refused Account SID and secret. */
export const REFUSED =
  'Twilio refused this Account SID and Auth Token (error 20003): copy both again from the Twilio Console.';
/** The sentence for no answer while switching to live mode: nothing changed. */
export const UNREACHABLE_ON_SWITCH =
  'Callpay could not reach Twilio to check the account, so it stays in Sandbox mode: check the internet connection and save again.';
/** The sentence for no answer in live mode. */
export const UNREACHABLE_LIVE =
  'Callpay cannot reach Twilio to check the account: check the internet connection, or choose “Use the sandbox” in Settings.';

/** Fetches the account with the official library: the one read that proves a SID and its secret. */
export async function askTwilioAboutAccount(target: TwilioTarget): Promise<AccountAnswer> {
  const client = createRestClient(target);
  try {
    const account = await client.api.v2010.accounts(target.accountSid).fetch();
    return { state: 'accepted', friendlyName: account.friendlyName };
  } catch (error) {
    const { status, code } = error as { status?: number; code?: number | string };
    if (status === 401 || status === 403 || status === 404 || code === 20003 || code === 20404)
      return { state: 'refused' };
    return { state: 'unreachable' };
  }
}
