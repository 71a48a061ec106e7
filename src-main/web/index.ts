// What outsiders may use of this folder: import it from here, not from its files.
export { carryOverWebSocket, readClientFrame } from './api-socket';
