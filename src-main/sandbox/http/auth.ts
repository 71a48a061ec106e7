import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { authenticate } from './twilio-error';

/** Looks up the secret for a username (account SID or API key SID); undefined when unknown. */
export type SecretLookup = (username: string) => string | undefined;

/** Decodes an HTTP Basic `Authorization` header; undefined when absent or malformed. */
export function parseBasicAuth(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A preHandler that admits account SID + auth token or API key SID + secret, for the account in the path.
 * Anything else is Twilio's 401 with code 20003.
 */
export function basicAuth(accountSid: string, lookup: SecretLookup) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const creds = parseBasicAuth(request.headers.authorization);
    const secret = creds && lookup(creds.username);
    const pathAccount = (request.params as { AccountSid?: string }).AccountSid;
    if (!creds || secret === undefined || !sameSecret(secret, creds.password) || pathAccount !== accountSid) {
      throw authenticate();
    }
  };
}
