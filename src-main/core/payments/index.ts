export { PaymentsService, type PaymentsDeps } from './payments-service';
export { paymentsHandlers } from './handlers';
export { FileSessionStore } from './file-session-store';
export type { SessionStore } from './session-store';
export { callEndedAt } from './call-check';
