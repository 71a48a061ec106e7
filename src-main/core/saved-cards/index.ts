export { maskToken, SavedCardVault } from './vault';
export { deriveKey, openSealed, sealText } from './seal';
export { openedSession, sealedSessions } from './sealed-sessions';
