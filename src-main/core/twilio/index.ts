export { createRestClient, type TwilioTarget } from './rest-client';
export { paymentsApi, createParams, type PaymentsApi } from './payments-api';
export {
  withRetry,
  retryReason,
  parseRetryAfter,
  DEFAULT_RETRY,
  RATE_LIMITED,
  type RetryPolicy,
} from './retry';
export { listInProgressCalls } from './calls-api';
export type { TwilioConnection } from './connection';
export { startLiveConnection, type LiveConnectionOptions, type LiveSecrets } from './live-connection';
