import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { claimedAlgorithm } from './signature';

/** Per-minute budgets of the receiver, each counted per source (see `requestSource`). */
export interface FloodLimits {
  /** Callbacks whose signature verified. Only Twilio can spend this budget. */
  signedPerMinute: number;
  /** Refused requests (no, garbled or wrong signature); past it a source gets 429 before its body is read. */
  refusedPerMinute: number;
  /** `GET /health`, the tunnel heartbeat's route. */
  healthPerMinute: number;
}

/** Defaults: well above what busy sessions send (each keypress is one signed callback). */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  signedPerMinute: 30_000,
  refusedPerMinute: 600,
  healthPerMinute: 600,
};

// In base64: HMAC-SHA1 is 27 characters and one '=' of padding, HMAC-SHA256 43 and one '='.
const SIGNATURE_SHAPES: Record<string, RegExp> = {
  HMAC_SHA1: /^[A-Za-z0-9+/]{27}=$/,
  HMAC_SHA256: /^[A-Za-z0-9+/]{43}=$/,
};

/**
 * True when X-Twilio-Signature could be a Twilio signature at all, judged before reading the body:
 * the shape of the algorithm its settings header names (HMAC-SHA1 without one).
 */
export function wellFormedSignature(request: FastifyRequest): boolean {
  const signature = request.headers['x-twilio-signature'];
  const shape = SIGNATURE_SHAPES[claimedAlgorithm(request).algorithm];
  return typeof signature === 'string' && shape !== undefined && shape.test(signature);
}

/**
 * Who sent a request. The receiver listens on 127.0.0.1, so behind localtunnel every TCP peer is the
 * local tunnel client: only then is X-Forwarded-For read, and only its last hop, the one the tunnel's
 * edge added (a sender can prepend hops, not replace that one). Without the header the source is the
 * peer address, so all tunnelled traffic shares one source and the budgets below still keep
 * refusals apart from signed callbacks and from the heartbeat.
 */
export function requestSource(request: FastifyRequest): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  const forwarded = request.headers['x-forwarded-for'];
  const header = Array.isArray(forwarded) ? forwarded.at(-1) : forwarded;
  if (!isLoopback(peer) || header === undefined) return peer;
  const last = header.split(',').at(-1)?.trim();
  return last ? last.slice(0, 64) : peer;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** A refusal that also closes the connection, so it frees the tunnel socket it arrived on. */
export function refuse(reply: FastifyReply, status: 403 | 429, text: string) {
  return reply.code(status).header('connection', 'close').type('text/plain').send(text);
}

/** The receiver's three budgets as limiters on the shared @fastify/rate-limit store, keyed per source. */
export function floodLimiters(app: FastifyInstance, limits: FloodLimits) {
  const limiter = (bucket: string, max: number) =>
    app.createRateLimit({
      max,
      timeWindow: 60_000,
      keyGenerator: (request) => `${bucket}:${requestSource(request)}`,
    });
  const refused = limiter('refused', limits.refusedPerMinute);
  const signed = limiter('signed', limits.signedPerMinute);
  return {
    /** Whether this source already used its refusal budget; counts nothing. */
    refusedExceeded: async (request: FastifyRequest) =>
      exceeded(await refused(request, { increment: false })),
    /** Counts one refusal against the source. */
    countRefused: async (request: FastifyRequest) => {
      await refused(request);
    },
    /** Counts one verified callback; true when the source is over its signed budget. */
    signedExceeded: async (request: FastifyRequest) => exceeded(await signed(request)),
    health: { max: limits.healthPerMinute, timeWindow: 60_000, keyGenerator: healthKey },
  };
}

const exceeded = (result: { isAllowed: boolean; isExceeded?: boolean }) =>
  !result.isAllowed && result.isExceeded === true;

const healthKey = (request: FastifyRequest) => `health:${requestSource(request)}`;
