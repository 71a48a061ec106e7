import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '@shared/api';
import type { SecretStore } from '../settings/secret-store';

/** Where the audit log's MAC key comes from; called once per log. */
export type AuditKeySource = () => Promise<Buffer>;

const KEY_BYTES = 32;

const unreadable = (where: string) =>
  new AppError(
    'audit_key_unreadable',
    `Callpay cannot read the key that seals its audit log (${where}), so it cannot record payments. ` +
      'Check that the file is readable, or restore it from a backup.',
  );

/** The key kept in the SecretStore (the OS keychain on the desktop); made on first use. */
export function auditKeyFromStore(store: SecretStore): AuditKeySource {
  return async () => {
    const saved = await store.get('auditKey').catch(() => {
      throw unreadable('the saved secrets');
    });
    if (saved !== undefined) {
      const key = Buffer.from(saved, 'base64');
      if (key.length !== KEY_BYTES) throw unreadable('the saved secrets');
      return key;
    }
    const fresh = randomBytes(KEY_BYTES);
    await store.set('auditKey', fresh.toString('base64'));
    return fresh;
  };
}

/** The key in a file only the user can read (mode 0600); made on first use, never overwritten. */
export function auditKeyFile(file: string): AuditKeySource {
  return async () => {
    const existing = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw unreadable(file);
    });
    if (existing !== undefined) {
      if (existing.length !== KEY_BYTES) throw unreadable(file);
      return existing;
    }
    const fresh = randomBytes(KEY_BYTES);
    await mkdir(dirname(file), { recursive: true });
    // `wx`: two starts racing for the first key must not each seal with their own.
    await writeFile(file, fresh, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const kept = await readFile(file);
    if (kept.length !== KEY_BYTES) throw unreadable(file);
    return kept;
  };
}

/** The key read once and remembered; a key that could not be read is asked for again next time. */
export function rememberedKey(source: AuditKeySource): AuditKeySource {
  let key: Promise<Buffer> | undefined;
  return () => {
    if (!key) {
      const loading = source();
      key = loading;
      loading.catch(() => {
        if (key === loading) key = undefined;
      });
    }
    return key;
  };
}
