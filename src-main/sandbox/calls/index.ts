// What outsiders may use of this folder: import it from here, not from its files.
export { type CallDirection, type CallRecord, type CallStatus, CallStore, isEnded } from './call-store';
export { callsRoutes } from './calls-routes';
