import type { AuditVerification } from '@shared/api';
import type { Health } from '@shared/api';
import type { AuditRecord } from './audit-log';

/**
 * What the core needs of an audit log: the data folder's file (AuditLog), or Callpay Server's
 * table shared by every instance. Both chain and seal entries with chain.ts's rules.
 */
export interface AuditTrail {
  /** Where it is kept, for sentences ("audit.jsonl", "audit_entries (database)"). */
  readonly file: string;
  /** Resolves once the entry is kept; rejects with a sentence, keeping nothing, when it cannot be. */
  append(record: AuditRecord): Promise<unknown>;
  /** Records an entry that must not be lost: held and retried while it cannot be written. */
  keep(record: AuditRecord): void;
  verify(): Promise<AuditVerification>;
  health(): Health;
  /** How many kept entries wait in memory to be written. */
  readonly waiting: number;
  flush(): Promise<void>;
  /** Stops background work; resolves once every append so far is written and the log is closed. */
  close(): void | Promise<void>;
}

/** Opens the audit trail a host supplies, telling it how to report health changes. */
export type OpenAuditTrail = (onChange: () => void) => Promise<AuditTrail>;
