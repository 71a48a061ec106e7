import { createHash, randomBytes } from 'node:crypto';

/** A fresh unguessable code or token (256 bits, URL-safe). */
export const newSecret = () => randomBytes(32).toString('base64url');

/** What the database keeps of a code or token: its SHA-256, so a copied table signs no one in. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
