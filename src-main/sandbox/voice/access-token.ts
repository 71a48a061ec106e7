import jwt from 'jsonwebtoken';
import type { SandboxCredentials } from '../credentials';

/** What a valid Voice access token lets its holder do. */
export interface VoiceGrant {
  identity: string;
  /** Seconds until the token expires. */
  ttl: number;
  outgoingApplicationSid?: string;
  outgoingApplicationParams?: Record<string, string>;
  incomingAllow: boolean;
}

/** Why a token was refused, as the signaling protocol codes it (31204 invalid, 31205 expired). */
export class AccessTokenError extends Error {
  constructor(
    readonly code: 31204 | 31205,
    message: string,
  ) {
    super(message);
  }
}

interface TokenClaims {
  iss?: string;
  sub?: string;
  exp?: number;
  grants?: {
    identity?: unknown;
    voice?: {
      incoming?: { allow?: boolean };
      outgoing?: { application_sid?: unknown; params?: Record<string, unknown> };
    };
  };
}

/** Finds an API key's secret by SID: the sandbox's own key, or one made over REST (when the host can look keys up). */
export type KeySecrets = (keySid: string) => string | undefined;

/** The key lookup for a sandbox: its own key, plus `resources.key(sid)` where the sandbox offers it. */
export function keySecrets(host: { credentials: SandboxCredentials; resources: object }): KeySecrets {
  const resources = host.resources as { key?: (sid: string) => { secret: string } | undefined };
  return (sid) =>
    sid === host.credentials.apiKeySid ? host.credentials.apiKeySecret : resources.key?.(sid)?.secret;
}

/** Verifies a Voice SDK access token the way Twilio does: HS256 with the issuing API key's secret, for this account. */
export function verifyAccessToken(
  token: string,
  accountSid: string,
  secrets: KeySecrets,
  nowSeconds = Date.now() / 1000,
): VoiceGrant {
  const issuer = (jwt.decode(token) as TokenClaims | null)?.iss;
  const secret = typeof issuer === 'string' ? secrets(issuer) : undefined;
  if (secret === undefined) {
    throw new AccessTokenError(
      31204,
      `The access token was issued by ${String(issuer)}, which is not an API key of this sandbox.`,
    );
  }
  let claims: TokenClaims;
  try {
    claims = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(nowSeconds),
    }) as TokenClaims;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) {
      throw new AccessTokenError(31205, 'The access token has expired; mint a new one and call updateToken.');
    }
    throw new AccessTokenError(
      31204,
      'The access token is not valid: it is not signed with the API key secret.',
    );
  }
  if (claims.sub !== accountSid) {
    throw new AccessTokenError(31204, 'The access token is for another account.');
  }
  const identity = claims.grants?.identity;
  const voice = claims.grants?.voice;
  if (typeof identity !== 'string' || identity === '') {
    throw new AccessTokenError(31204, 'The access token has no identity.');
  }
  if (!voice) throw new AccessTokenError(31204, 'The access token has no Voice grant.');
  const appSid = voice.outgoing?.application_sid;
  return {
    identity,
    ttl: Math.max(0, Math.floor((claims.exp ?? nowSeconds) - nowSeconds)),
    incomingAllow: voice.incoming?.allow === true,
    ...(typeof appSid === 'string' ? { outgoingApplicationSid: appSid } : {}),
    ...(voice.outgoing?.params ? { outgoingApplicationParams: stringValues(voice.outgoing.params) } : {}),
  };
}

function stringValues(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}
