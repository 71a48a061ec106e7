export { PaymentsService, type PaymentsDeps } from './payments-service';
