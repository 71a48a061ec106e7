import { app, safeStorage } from 'electron';
import type { SecretStore } from '../../core/settings/secret-store';
import { createDesktopSecretStore } from '../safe-storage-secrets';
import { warn } from './warn';

/** The SecretStore on safeStorage; a weak store is explained to the user once, at start. */
export async function setupSecrets(): Promise<SecretStore> {
  const store = await createDesktopSecretStore(app.getPath('userData'), safeStorage, process.platform);
  if (store.protection.level === 'weak') warn(store.protection.warning);
  return store;
}
