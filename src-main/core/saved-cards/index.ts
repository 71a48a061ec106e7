export { maskToken, SavedCardVault } from './vault';
export { sealedSessions } from './sealed-sessions';
