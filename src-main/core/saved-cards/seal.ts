import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** A 32-byte key of its own for one use, derived from a root key: one secret to keep, keys that cannot stand in for each other. */
export const deriveKey = (root: Buffer, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), info, 32));

/** AES-256-GCM, bound to `aad` (what the text belongs to): `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export function sealText(key: Buffer, plain: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, sealed, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The text `sealText` sealed for `aad` with this key; undefined for anything else. */
export function openSealed(key: Buffer, text: string, aad: string): string | undefined {
  const [version, iv, sealed, tag] = text.split('.');
  if (version !== VERSION || !iv || sealed === undefined || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}
