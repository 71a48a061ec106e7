import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  browserSecretStore,
  FileSecretStore,
  LOCAL_KEY_WARNING,
  SecretsUnreadable,
} from '../../src-main/core/settings/secret-store';
import {
  BASIC_TEXT_WARNING,
  createDesktopSecretStore,
  NO_ENCRYPTION_WARNING,
  safeStorageCipher,
  type AsyncSafeStorage,
} from '../../src-main/electron/safe-storage-secrets';
import type { SecretWriter } from '../../src-main/core/settings/secrets-handlers';
import { tempDir } from '../helpers/temp-dir';

const TOKEN = 'f3c1d2e4b5a6978812345678abcdef00';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function dir() {
  const d = await tempDir('secrets-');
  cleanup = d.cleanup;
  return d.path;
}

/** A stand-in for safeStorage: reversible, and visibly not plain text. */
function fakeSafeStorage(
  backend: ReturnType<AsyncSafeStorage['getSelectedStorageBackend']> = 'gnome_libsecret',
) {
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => true),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(`v11:${[...plain].reverse().join('')}`)),
    decryptStringAsync: vi.fn(async (sealed: Buffer) => ({
      result: [...sealed.toString().slice(4)].reverse().join(''),
      shouldReEncrypt: false,
    })),
  };
}

describe('the browser-mode secret store', () => {
  it('keeps secrets encrypted on disk, readable only by the user, and reads them back', async () => {
    const path = await dir();
    const store = browserSecretStore(path);
    await store.set('authToken', TOKEN);
    const file = await readFile(join(path, 'secrets.json'), 'utf8');
    expect(file).not.toContain(TOKEN);
    if (process.platform !== 'win32') {
      expect((await stat(join(path, 'secrets.json'))).mode & 0o777).toBe(0o600);
      expect((await stat(join(path, 'secrets.key'))).mode & 0o777).toBe(0o600);
    }
    await expect(browserSecretStore(path).get('authToken')).resolves.toBe(TOKEN);
  });

  it("serves the console's secrets commands as it is", async () => {
    const writer: SecretWriter = browserSecretStore(await dir());
    await writer.set('authToken', TOKEN);
    await expect(writer.has('authToken')).resolves.toBe(true);
  });

  it('warns that its key sits beside the secrets', () => {
    expect(browserSecretStore('/nowhere').protection).toEqual({ level: 'weak', warning: LOCAL_KEY_WARNING });
  });

  it('answers undefined for a secret never set, and forgets a deleted one', async () => {
    const store = browserSecretStore(await dir());
    await expect(store.get('apiKeySecret')).resolves.toBeUndefined();
    await expect(store.has('apiKeySecret')).resolves.toBe(false);
    await store.set('apiKeySecret', 'secret');
    await expect(store.has('apiKeySecret')).resolves.toBe(true);
    await store.delete('apiKeySecret');
    await expect(store.get('apiKeySecret')).resolves.toBeUndefined();
  });

  it('says so clearly when the file was tampered with or the key lost', async () => {
    const path = await dir();
    await browserSecretStore(path).set('authToken', TOKEN);
    await writeFile(join(path, 'secrets.key'), Buffer.alloc(32, 7));
    await expect(browserSecretStore(path).get('authToken')).rejects.toThrow(SecretsUnreadable);
    await writeFile(join(path, 'secrets.json'), '{"version": 1, "secrets": "oops"}');
    await expect(browserSecretStore(path).get('authToken')).rejects.toThrow(/Enter your Twilio/);
  });
});

describe('the desktop secret store on safeStorage', () => {
  it("uses safeStorage's asynchronous API and protects with the OS store", async () => {
    const path = await dir();
    const safe = fakeSafeStorage();
    const store = await createDesktopSecretStore(path, safe, 'darwin');
    expect(store.protection).toEqual({ level: 'os' });
    await store.set('authToken', TOKEN);
    expect(safe.encryptStringAsync).toHaveBeenCalledWith(TOKEN);
    expect(await readFile(join(path, 'secrets.json'), 'utf8')).not.toContain(TOKEN);
    await expect(store.get('authToken')).resolves.toBe(TOKEN);
  });

  it('warns on Linux when the backend is basic_text, a fixed key that protects nothing', async () => {
    const store = await createDesktopSecretStore(await dir(), fakeSafeStorage('basic_text'), 'linux');
    expect(store.protection).toEqual({ level: 'weak', warning: BASIC_TEXT_WARNING });
    expect(BASIC_TEXT_WARNING).toMatch(/not protected/);
  });

  it('trusts a real Linux keyring', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet5'] as const) {
      const store = await createDesktopSecretStore(await dir(), fakeSafeStorage(backend), 'linux');
      expect(store.protection.level).toBe('os');
    }
  });

  it('falls back to a local key, in a separate file and with a warning, when safeStorage cannot encrypt', async () => {
    const path = await dir();
    const safe = fakeSafeStorage();
    safe.isAsyncEncryptionAvailable.mockResolvedValue(false);
    const store = await createDesktopSecretStore(path, safe, 'linux');
    expect(store.protection).toEqual({ level: 'weak', warning: NO_ENCRYPTION_WARNING });
    await store.set('authToken', TOKEN);
    expect(safe.encryptStringAsync).not.toHaveBeenCalled();
    expect(await readFile(join(path, 'secrets-local.json'), 'utf8')).not.toContain(TOKEN);
  });

  it('seals a secret again when safeStorage says its key was rotated', async () => {
    const path = await dir();
    const safe = fakeSafeStorage();
    const store = new FileSecretStore(join(path, 'secrets.json'), safeStorageCipher(safe), { level: 'os' });
    await store.set('authToken', TOKEN);
    safe.decryptStringAsync.mockResolvedValueOnce({ result: TOKEN, shouldReEncrypt: true });
    await expect(store.get('authToken')).resolves.toBe(TOKEN);
    expect(safe.encryptStringAsync).toHaveBeenCalledTimes(2);
  });
});
