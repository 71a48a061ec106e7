export * from './catalogue';
export * from './currencies';
export * from './fields';
export * from './masks';
export * from './money';
export * from './session';
export * from './start-args';
export {
  createSession,
  reduceSession,
  TUNNEL_DOWN_ALERT,
  RESULT_OVERDUE_ALERT,
  type SessionAction,
  type RestOperation,
} from './reducer';
export { describeSession } from './describe';
