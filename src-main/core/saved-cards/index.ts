export { maskToken, SavedCardVault } from './vault';
export { sealedSessions } from './sealed-sessions';
export { deriveKey, openSealed, sealText } from './seal';
