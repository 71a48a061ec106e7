// What outsiders may use of this folder: import it from here, not from its files.
export { buildServerApp } from './app';
export { DeviceSockets } from './device-sockets';
