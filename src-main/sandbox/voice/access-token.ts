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

/** Verifies a Voice SDK access token the way Twilio does: HS256 with the API key's secret, for this account. */
export function verifyAccessToken(
  token: string,
  creds: SandboxCredentials,
  nowSeconds = Date.now() / 1000,
): VoiceGrant {
  let claims: TokenClaims;
  try {
    claims = jwt.verify(token, creds.apiKeySecret, {
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
  if (claims.iss !== creds.apiKeySid) {
    throw new AccessTokenError(
      31204,
      `The access token was issued by ${String(claims.iss)}, not this sandbox's API key.`,
    );
  }
  if (claims.sub !== creds.accountSid) {
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
