export { maskToken, SavedCardVault } from './vault';
export { openedSession, sealedSessions } from './sealed-sessions';
