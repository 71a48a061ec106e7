import twilio, { type Twilio } from 'twilio';
import { sandboxHttpClient } from './sandbox-http-client';

const { RequestClient } = twilio;

/** Who the REST client speaks as, and where: Twilio itself, or the sandbox's base URL. */
export interface TwilioTarget {
  accountSid: string;
  /** An API key SID (SK…) or the Account SID. */
  username: string;
  /** The API key secret or the Auth Token. */
  password: string;
  /** Set in sandbox mode: every request goes to this base URL instead of *.twilio.com. */
  sandboxUrl?: string;
  /** Per-request timeout; a timeout counts as a transport failure and is retried. */
  timeoutMs?: number;
}

/** The official twilio client, pointed at Twilio or at the sandbox. */
export function createRestClient(target: TwilioTarget): Twilio {
  const options = { timeout: target.timeoutMs ?? 15_000 };
  const httpClient =
    target.sandboxUrl === undefined
      ? new RequestClient(options)
      : sandboxHttpClient(target.sandboxUrl, options);
  return twilio(target.username, target.password, { accountSid: target.accountSid, httpClient });
}
