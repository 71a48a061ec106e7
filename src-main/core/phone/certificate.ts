import { createHash, X509Certificate } from 'node:crypto';

/**
 * A certificate's fingerprint as Electron's `certificate-error` event gives it (`sha256/<base64>` of
 * the DER), so the shell can trust the sandbox's own self-signed signaling certificate and no other.
 */
export function electronFingerprint(pem: string): string {
  return `sha256/${createHash('sha256').update(new X509Certificate(pem).raw).digest('base64')}`;
}
