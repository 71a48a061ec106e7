// What outsiders may use of this folder: import it from here, not from its files.
export { connectorRefusal, findConnector } from './connectors';
export { currencyDigits } from './currency-digits';
export { Ledger, type LedgerEntry } from './ledger';
export { type TestBankAccount, type TestCard, testBankAccounts, testCards } from './test-cards';
export { type ConnectorResult, runTestConnector } from './test-connector';
