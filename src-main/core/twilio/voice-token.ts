import twilio from 'twilio';

/** Short on purpose: the Device refreshes on tokenWillExpire, and a leaked token dies soon. */
export const VOICE_TOKEN_TTL_SECONDS = 600;

export interface VoiceTokenInput {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** The TwiML App whose voice URL runs outgoing calls. */
  twimlAppSid: string;
  identity: string;
  ttlSeconds?: number;
}

/** Mints a Voice SDK access token (outgoing through the TwiML App, incoming allowed) with the twilio library. */
export function mintVoiceToken(input: VoiceTokenInput): string {
  const { AccessToken } = twilio.jwt;
  const token = new AccessToken(input.accountSid, input.apiKeySid, input.apiKeySecret, {
    identity: input.identity,
    ttl: input.ttlSeconds ?? VOICE_TOKEN_TTL_SECONDS,
  });
  token.addGrant(
    new AccessToken.VoiceGrant({ outgoingApplicationSid: input.twimlAppSid, incomingAllow: true }),
  );
  return token.toJwt();
}
