import type { Handlers } from '../api/host';
import { historyHandlers, type HistorySource } from './history';
import { sandboxCustomerHandlers, type ControlSource } from './sandbox-customer';
import { secretsHandlers, type SecretWriter } from './secrets';

export { entryFromSession, type HistorySource } from './history';
export { historyFromAudit, readAuditHistory } from './audit-history';
export type { ControlSource } from './sandbox-customer';
export type { SecretWriter, SecretName } from './secrets';

export interface ConsoleDeps {
  history: HistorySource;
  sandbox: ControlSource;
  /** The sandbox number whose Voice URL rings the softphone (undefined until it is provisioned). */
  softphoneNumber: () => string | undefined;
  secrets: () => SecretWriter | undefined;
  onSecretsChanged?: () => void;
}

/** The console's own commands (history, sandbox customer, secrets), for createCore to spread in. */
export function consoleHandlers(deps: ConsoleDeps) {
  return {
    ...historyHandlers(deps.history),
    ...sandboxCustomerHandlers(deps.sandbox, deps.softphoneNumber),
    ...secretsHandlers(deps.secrets, deps.onSecretsChanged),
  } satisfies Partial<Handlers>;
}
