export { brandName } from '@shared/payments/brand';
