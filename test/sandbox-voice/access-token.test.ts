import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { generateCredentials } from '../../src-main/sandbox/credentials';
import { AccessTokenError, keySecrets, verifyAccessToken } from '../../src-main/sandbox/voice/access-token';

const creds = generateCredentials();

const restKey = { sid: 'SK' + 'c'.repeat(32), secret: 'rest0made0key0secret000000000000' };
// The sandbox's own key, plus one made over REST (resources.key), as the voice extension looks them up.
const secrets = keySecrets({
  credentials: creds,
  resources: { key: (sid: string) => (sid === restKey.sid ? { secret: restKey.secret } : undefined) },
});

function mint(
  opts: { identity?: string; ttl?: number; secret?: string; keySid?: string; voice?: boolean } = {},
) {
  const token = new twilio.jwt.AccessToken(
    creds.accountSid,
    opts.keySid ?? creds.apiKeySid,
    opts.secret ?? creds.apiKeySecret,
    { identity: opts.identity ?? 'alice', ttl: opts.ttl ?? 600 },
  );
  if (opts.voice !== false) {
    token.addGrant(
      new twilio.jwt.AccessToken.VoiceGrant({
        outgoingApplicationSid: 'AP' + '1'.repeat(32),
        outgoingApplicationParams: { team: 'billing' },
        incomingAllow: true,
      }),
    );
  }
  return token.toJwt();
}

const codeOf = (token: string) => {
  try {
    verifyAccessToken(token, creds.accountSid, secrets);
  } catch (error) {
    return error instanceof AccessTokenError ? error.code : 'other';
  }
  return 'accepted';
};

describe('verifyAccessToken', () => {
  it("accepts a token the twilio library minted with this sandbox's API key, and reads its grant", () => {
    const grant = verifyAccessToken(mint({ ttl: 600 }), creds.accountSid, secrets);
    expect(grant).toMatchObject({
      identity: 'alice',
      incomingAllow: true,
      outgoingApplicationSid: 'AP' + '1'.repeat(32),
      outgoingApplicationParams: { team: 'billing' },
    });
    expect(grant.ttl).toBeGreaterThan(590);
    expect(grant.ttl).toBeLessThanOrEqual(600);
  });

  it('answers 31204 for a wrong secret, another key, no Voice grant or no identity', () => {
    expect(codeOf(mint({ secret: 'not-the-secret-not-the-secret-00' }))).toBe(31204);
    expect(codeOf(mint({ keySid: 'SK' + 'b'.repeat(32) }))).toBe(31204);
    expect(codeOf(mint({ voice: false }))).toBe(31204);
    expect(codeOf('not.a.jwt')).toBe(31204);
  });

  it("accepts a token signed by an API key made over REST, with that key's secret", () => {
    expect(codeOf(mint({ keySid: restKey.sid, secret: restKey.secret }))).toBe('accepted');
    expect(codeOf(mint({ keySid: restKey.sid }))).toBe(31204); // right key SID, wrong secret
  });

  it('answers 31205 for an expired token', () => {
    expect(codeOf(mint({ ttl: -5 }))).toBe(31205);
  });
});
