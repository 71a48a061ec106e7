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
  RESULT_UNKNOWN_ALERT,
  RESTORED_OPEN_ALERT,
  UNKNOWN_RESULT,
  awaitsResult,
  type SessionAction,
  type RestOperation,
} from './reducer';
export { describeSession } from './describe';
export { START_ORPHANED_ALERT, ORPHAN_ADOPTED_ALERT, ORPHAN_FOREIGN_ALERT, awaitsOrphan } from './orphan';
export { afterDecline, isDoNotRetry, type AfterDecline } from './after-decline';
export { READ_BACK_UNANSWERED_ALERT } from './read-back';
