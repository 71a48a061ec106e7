/** What the sandbox's test connector does with a card or bank account. */
export interface TestOutcome {
  /** `approve`, or a decline/failure reported as Result=payment-connector-error. */
  outcome: 'approve' | 'decline';
  /** PayErrorCode for a charge / for a token when declined. */
  chargeErrorCode?: number;
  tokenErrorCode?: number;
  paymentError?: string;
  connectorError?: string;
}

/** A test card the UI can list, with what it does. */
export interface TestCard extends TestOutcome {
  number: string;
  brand: string;
  description: string;
}

const approve = (number: string, brand: string, description: string): TestCard => ({
  number,
  brand,
  description,
  outcome: 'approve',
});

/**
 * Twilio's documented Generic Pay Connector test cards (reference §5.2) approve with any valid expiry,
 * security code and postal code; the Stripe-style cards below decline the way Twilio reports gateway errors.
 * Those exist only in the sandbox (their descriptions say so): in live test mode the Generic connector
 * takes only its eight listed cards and refuses any other with 64022, as the sandbox does for unlisted ones.
 */
export const testCards: readonly TestCard[] = [
  approve('4111111111111111', 'visa', 'Visa: approved'),
  approve('5555555555554444', 'mastercard', 'Mastercard: approved'),
  approve('378282246310005', 'amex', 'American Express: approved'),
  approve(
    '6011111111111117',
    'discover',
    'Discover: approved (tick Options › Accepted card types › Discover first)',
  ),
  approve(
    '3065930009020004',
    'diners-club',
    'Diners Club: approved (tick Options › Accepted card types › Diners Club first)',
  ),
  approve('3566002020360505', 'jcb', 'JCB: approved (tick Options › Accepted card types › JCB first)'),
  approve('6200000000000005', 'maestro', "UnionPay (detected as maestro by Twilio's ranges): approved"),
  approve(
    '6771798021000008',
    'maestro',
    'Maestro: approved (tick Options › Accepted card types › Maestro first)',
  ),
  approve('4242424242424242', 'visa', 'Visa (Stripe test card): approved (sandbox only)'),
  {
    number: '4000000000000002',
    brand: 'visa',
    description: 'Visa: declined by the issuer (card is declined; sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64008,
    tokenErrorCode: 64010,
    paymentError: 'card is declined',
    connectorError: 'card_declined: Your card was declined.',
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    description: 'Visa: declined for insufficient funds (sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64008,
    tokenErrorCode: 64010,
    paymentError: 'card has insufficient funds',
    connectorError: 'insufficient_funds: Your card has insufficient funds.',
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    description: 'Visa: the gateway rejects the card as expired (64012, re-capture the card; sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64012,
    tokenErrorCode: 64012,
    paymentError: 'card has expired',
    connectorError: 'expired_card: Your card has expired.',
  },
  {
    number: '4000000000009979',
    brand: 'visa',
    description: 'Visa: declined, reported stolen (do not try another card; sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64008,
    tokenErrorCode: 64010,
    paymentError: 'card is declined',
    connectorError: 'stolen_card: Your card was declined.',
  },
  {
    number: '4100000000000019',
    brand: 'visa',
    description: 'Visa: declined as fraudulent (do not try another card; sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64008,
    tokenErrorCode: 64010,
    paymentError: 'card is declined',
    connectorError: 'fraudulent: Your card was declined.',
  },
  {
    number: '4000000000000119',
    brand: 'visa',
    description: 'Visa: the gateway fails with a processing error (sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64008,
    tokenErrorCode: 64010,
    paymentError: 'Payment Gateway rejected charge creation. Got malformed response from Payment Provider.',
    connectorError: 'processing_error: An error occurred while processing your card.',
  },
];

/** A test bank account and what it does (any routing number that passes the ABA checksum). */
export interface TestBankAccount extends TestOutcome {
  number: string;
  description: string;
}

/** Twilio's documented test bank accounts approve; 11111111 is a sandbox-only decline. Others fail with 64023. */
export const testBankAccounts: readonly TestBankAccount[] = [
  { number: '12345678', description: 'Bank account: approved', outcome: 'approve' },
  { number: '123456789', description: 'Bank account: approved', outcome: 'approve' },
  {
    number: '11111111',
    description: 'Bank account: declined, account closed (sandbox only)',
    outcome: 'decline',
    chargeErrorCode: 64008,
    tokenErrorCode: 64010,
    paymentError: 'bank account is closed',
    connectorError: 'R02: Account closed',
  },
];

/** Outcome for a card or account number that is not on the lists: refused in TEST mode. */
export function unlistedOutcome(method: 'credit-card' | 'ach-debit'): TestOutcome {
  const code = method === 'credit-card' ? 64022 : 64023;
  return {
    outcome: 'decline',
    chargeErrorCode: code,
    tokenErrorCode: code,
    paymentError:
      method === 'credit-card'
        ? 'Invalid test card number: the connector is in TEST mode and accepts only test cards.'
        : 'Invalid test bank account number: the connector is in TEST mode and accepts only test accounts.',
  };
}
