import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import {
  FileSecretStore,
  localKeyCipher,
  type SecretCipher,
  type SecretProtection,
  type SecretStore,
} from '../core/settings/secret-store';

/** The slice of safeStorage used: the asynchronous API only (the synchronous one is deprecated). */
export type AsyncSafeStorage = Pick<
  SafeStorage,
  'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend'
>;

/** What the user is told when Linux has no keyring and safeStorage falls back to a fixed key. */
export const BASIC_TEXT_WARNING =
  'This computer has no keyring (such as GNOME Keyring or KWallet) that Callpay can use, so your ' +
  'Twilio secrets are saved with a fixed key and are not protected. Install and unlock a keyring, ' +
  'then enter the secrets again.';

/** What the user is told when safeStorage cannot encrypt at all. */
export const NO_ENCRYPTION_WARNING =
  "The system's protected store is not available, so Callpay keeps your Twilio secrets encrypted " +
  'with a key stored next to them. Anyone who can read your files can read them.';

/** safeStorage as a SecretCipher; a rotated OS key asks for the secret to be sealed again. */
export function safeStorageCipher(safeStorage: AsyncSafeStorage): SecretCipher {
  return {
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    async decrypt(sealed) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
      return { plain: result, renew: shouldReEncrypt };
    },
  };
}

/** How well safeStorage protects secrets here; on Linux, `basic_text` means not at all. */
export function safeStorageProtection(
  safeStorage: AsyncSafeStorage,
  platform: NodeJS.Platform,
): SecretProtection {
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { level: 'weak', warning: BASIC_TEXT_WARNING };
  }
  return { level: 'os' };
}

/**
 * The desktop SecretStore: `secrets.json` in userData sealed by safeStorage (Keychain, DPAPI,
 * libsecret or KWallet). Where safeStorage cannot encrypt, secrets fall back to a local key file
 * in a separate `secrets-local.json`, with a warning, so the two kinds are never mixed.
 */
export async function createDesktopSecretStore(
  dir: string,
  safeStorage: AsyncSafeStorage,
  platform: NodeJS.Platform,
): Promise<SecretStore> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    const cipher = localKeyCipher(join(dir, 'secrets-local.key'));
    return new FileSecretStore(join(dir, 'secrets-local.json'), cipher, {
      level: 'weak',
      warning: NO_ENCRYPTION_WARNING,
    });
  }
  const protection = safeStorageProtection(safeStorage, platform);
  return new FileSecretStore(join(dir, 'secrets.json'), safeStorageCipher(safeStorage), protection);
}
