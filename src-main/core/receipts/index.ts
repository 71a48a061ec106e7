export { receiptsHandlers } from './handlers';
export { ReceiptsService, type ReceiptsDeps } from './receipts-service';
export { customerNumber, receiptBody } from './receipt-body';
