export { SettingsStore, type LoadNotice } from './settings-store';
export {
  browserSecretStore,
  FileSecretStore,
  localKeyCipher,
  LOCAL_KEY_WARNING,
  SecretsUnreadable,
  type SecretCipher,
  type SecretName,
  type SecretProtection,
  type SecretStore,
} from './secret-store';
export { settingsHandlers, type SettingsHandlerDeps } from './handlers';
export { secretsHandlers, type SecretWriter } from './secrets-handlers';
export { chosenConnector, modeFor, needsReconnect } from './mode';
export { lockDataDir, type DataDirLock } from './data-dir-lock';
export { keptAsideNotice } from './kept-aside-notice';
export { checkedPatch, type AccountSwitchDeps } from './account-switch';
export { writeFileAtomic } from './atomic-file';
