import twilio, { type Twilio } from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import { parseRetryAfter } from './retry';
import { sandboxHttpClient } from './sandbox-http-client';

const { RequestClient, RestException } = twilio;

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
  return twilio(target.username, target.password, {
    accountSid: target.accountSid,
    httpClient: keepRetryAfter(httpClient),
  });
}

/**
 * The library's RestException drops response headers; a 429 keeps Retry-After as `retryAfterMs`
 * so withRetry can wait as long as Twilio asked. (The library's own autoRetry ignores Retry-After.)
 */
export function keepRetryAfter(client: TwilioRequestClient): TwilioRequestClient {
  const send = client.request.bind(client);
  client.request = async (opts) => {
    const response = await send(opts);
    if (response.statusCode !== 429) return response;
    const headers = (response.headers ?? {}) as Record<string, unknown>;
    const retryAfterMs = parseRetryAfter(headers['retry-after'] ?? headers['Retry-After']);
    throw Object.assign(new RestException(response), retryAfterMs === undefined ? {} : { retryAfterMs });
  };
  return client;
}
