export { PaymentsService, type PaymentsDeps } from './payments-service';
export { paymentsHandlers } from './handlers';
export type { SessionStore } from './session-store';
