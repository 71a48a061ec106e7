// What outsiders may use of this folder: import it from here, not from its files.
export { CaptureService } from './capture-service';
export { IdempotencyStore } from './idempotency';
export { paymentsRoutes } from './payments-routes';
