import { randomBytes } from 'node:crypto';

/** A fresh Twilio SID: the two-letter prefix and 32 lowercase hex digits. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** A random secret of the shape Twilio gives API keys (32 alphanumerics). */
export function newSecret(): string {
  return randomBytes(24).toString('base64url').replace(/[-_]/g, 'A').slice(0, 32);
}
