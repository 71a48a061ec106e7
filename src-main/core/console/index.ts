import type { Handlers } from '../api/host';
import { historyHandlers, type HistorySource } from '../history/handlers';
import { sandboxCustomerHandlers, type ControlSource } from '../sandbox-mode/customer-handlers';
import { secretsHandlers, type SecretWriter } from '../settings/secrets-handlers';

export { entryFromSession, type HistorySource } from '../history/handlers';
export { historyFromAudit, readAuditHistory } from '../history/audit-history';
export type { ControlSource } from '../sandbox-mode/customer-handlers';
export type { SecretWriter, SecretName } from '../settings/secrets-handlers';

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
