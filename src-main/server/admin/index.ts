// What outsiders may use of this folder: import it from here, not from its files.
export { type AdminCommands, REVOKED_CHANNEL, adminCommands } from './admin-commands';
export { callAdminSocket, listenAdminSocket } from './admin-socket';
