import { TwilioError } from '../http';
import { currencyDigits } from './currency-digits';

/** What an installed Pay Connector can do; the refusals are Twilio's 64005-64013. */
export interface ConnectorProfile {
  name: string;
  charge: boolean;
  tokenize: boolean;
  tokenTypes: readonly string[];
  methods: readonly ('credit-card' | 'ach-debit')[];
  /** Currencies it takes; `all` = every ISO 4217 code. */
  currencies: readonly string[] | 'all';
  /** False once the processor revoked Twilio's authorization (64009). */
  authorized: boolean;
  /** Shown in the README and the customer panel. */
  description: string;
}

const ALL_TOKENS = ['one-time', 'reusable', 'payment-method'] as const;
const full = { charge: true, tokenize: true, tokenTypes: ALL_TOKENS, authorized: true } as const;
const both = ['credit-card', 'ach-debit'] as const;

/** Connectors installed on the sandbox account; any other PaymentConnector is 64004. */
export const sandboxConnectors: readonly ConnectorProfile[] = [
  {
    ...full,
    name: 'Default',
    methods: both,
    currencies: 'all',
    description: 'Charges and tokenizes, cards and bank accounts, any currency.',
  },
  { ...full, name: 'Sandbox_Test_Connector', methods: both, currencies: 'all', description: 'As Default.' },
  {
    ...full,
    name: 'Sandbox_Charge_Only',
    tokenize: false,
    methods: both,
    currencies: 'all',
    description: 'Cannot tokenize (64005).',
  },
  {
    ...full,
    name: 'Sandbox_Token_Only',
    charge: false,
    tokenTypes: ['reusable'],
    methods: both,
    currencies: 'all',
    description: 'Cannot charge (64007); reusable tokens only (64006).',
  },
  {
    ...full,
    name: 'Sandbox_Cards_USD',
    methods: ['credit-card'],
    currencies: ['USD'],
    description: 'Cards only (64013), USD only (64011).',
  },
  {
    ...full,
    name: 'Sandbox_Revoked',
    authorized: false,
    methods: both,
    currencies: 'all',
    description: 'Twilio is no longer authorized on it (64009).',
  },
];

/** The connector named, or 64004. */
export function findConnector(name: string): ConnectorProfile {
  const found = sandboxConnectors.find((c) => c.name === name);
  if (!found) throw new TwilioError(400, 64004, `No payment connector named '${name}' is installed.`);
  return found;
}

/** What a payment asks of its connector. */
export interface ConnectorAsk {
  charge: boolean;
  tokenType: string;
  method: 'credit-card' | 'ach-debit';
  currency: string;
}

/** The first thing the connector cannot do for this payment, as Twilio's error; undefined when it can. */
export function connectorRefusal(c: ConnectorProfile, ask: ConnectorAsk): TwilioError | undefined {
  const no = (code: number, text: string) => new TwilioError(400, code, text);
  if (!c.authorized) {
    return no(64009, `Twilio is no longer authorized to initiate transactions through '${c.name}'.`);
  }
  if (!c.methods.includes(ask.method)) {
    return no(64013, `Payment connector '${c.name}' does not support PaymentMethod=${ask.method}.`);
  }
  if (ask.charge && !c.charge)
    return no(64007, `Payment connector '${c.name}' does not support creating charges.`);
  if (!ask.charge && !c.tokenize)
    return no(64005, `Payment connector '${c.name}' does not support tokenization.`);
  if (!ask.charge && !c.tokenTypes.includes(ask.tokenType)) {
    return no(64006, `Payment connector '${c.name}' does not support TokenType=${ask.tokenType}.`);
  }
  const currency = ask.currency.toUpperCase();
  const takes =
    c.currencies === 'all' ? currencyDigits(currency) !== undefined : c.currencies.includes(currency);
  if (ask.charge && !takes) {
    return no(64011, `Payment connector '${c.name}' does not support the currency ${currency}.`);
  }
  return undefined;
}
