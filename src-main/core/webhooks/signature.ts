import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';

export interface SignatureCheck {
  /** The Auth Token Twilio (or the sandbox) signs with by default (HMAC-SHA1). */
  authToken(): string | undefined;
  /**
   * The SharedKey secret of a Twilio Webhook Setting: callbacks that carry
   * X-Twilio-Webhooks-Signature-Settings are signed with it, by the algorithm that header names.
   */
  sharedKey?(): string | undefined;
  /** Public base URLs Twilio may have used, newest first (a reconnect can change the tunnel URL). */
  publicBaseUrls(): string[];
}

/** Twilio posts forms: every value is a string, repeated names are kept as arrays for the signature. */
export type FormBody = Record<string, string | string[]>;

const SETTINGS_HEADER = twilio.SIGNATURE_SETTINGS_HEADER.toLowerCase();
// The algorithms the library can check; any other name in the settings header is refused, not tried.
const SUPPORTED = new Set<string>([twilio.HMAC_SHA1, twilio.HMAC_SHA256]);

/** The HMAC algorithm a request's X-Twilio-Webhooks-Signature-Settings names, read as twilio-node reads it. */
export function claimedAlgorithm(request: FastifyRequest): { algorithm: string; sharedKey: boolean } {
  const header = request.headers[SETTINGS_HEADER];
  const settings = typeof header === 'string' && header !== '' ? header : undefined;
  return {
    algorithm: twilio.getSignatureAlgorithm(settings).toUpperCase(),
    sharedKey: settings !== undefined,
  };
}

/** The secret and algorithm to check a request with; undefined when it cannot be checked here. */
function signingKey(request: FastifyRequest, check: SignatureCheck) {
  const { algorithm, sharedKey } = claimedAlgorithm(request);
  if (!SUPPORTED.has(algorithm)) return undefined;
  const secret = sharedKey ? check.sharedKey?.() : check.authToken();
  return secret === undefined ? undefined : { secret, algorithm };
}

/**
 * A preHandler for the /twilio subtree: the X-Twilio-Signature must match the URL Twilio used,
 * rebuilt from the public base plus the path and query as received, never from the local Host.
 * Signed with the Auth Token (HMAC-SHA1) unless the settings header says a SharedKey signed it.
 */
export function signatureHook(check: SignatureCheck, onRefused: (request: FastifyRequest) => void) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const signature = request.headers['x-twilio-signature'];
    const key = signingKey(request, check);
    const params = (request.body ?? {}) as FormBody;
    const valid =
      typeof signature === 'string' &&
      key !== undefined &&
      check.publicBaseUrls().some((base) => signedBy(key, signature, joinUrl(base, request.url), params));
    if (valid) return done();
    onRefused(request);
    reply.code(403).type('text/plain').send('Forbidden');
  };
}

/**
 * Twilio signs the URL exactly as we gave it, so that one HMAC is tried first. Only when it does not
 * match does the library's validateRequest try its variants (port added or removed, URL normalised).
 */
function signedBy(
  key: { secret: string; algorithm: string },
  signature: string,
  url: string,
  params: FormBody,
): boolean {
  const expected = Buffer.from(twilio.getExpectedTwilioSignature(key.secret, url, params, key.algorithm));
  const given = Buffer.from(signature);
  if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  return twilio.validateRequest(key.secret, signature, url, params, key.algorithm);
}

/** The public base (no trailing slash) plus the raw path and query as received. */
export function joinUrl(base: string, pathAndQuery: string): string {
  return `${base.replace(/\/+$/, '')}${pathAndQuery}`;
}

/** One string per form field (the first, if repeated), for handlers. */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body === null || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as FormBody)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[key] = first;
  }
  return out;
}
