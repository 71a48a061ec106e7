import { join } from 'node:path';
import type { AppLog } from '../log';
import type { SecretStore } from '../settings/secret-store';
import { auditKeyFromStore } from './audit-key';
import { AuditLog } from './audit-log';

export interface OpenAuditOptions {
  dataDir: string;
  log: AppLog;
  secrets?: SecretStore;
  now?: () => Date;
  /** The log's health may have changed (a write failed or recovered). */
  onChange(): void;
}

/** Opens the data folder's audit log: repairs a torn tail, checks the chain, logs what it found. */
export async function openAuditLog(options: OpenAuditOptions): Promise<AuditLog> {
  const { log } = options;
  const audit = new AuditLog(join(options.dataDir, 'audit.jsonl'), {
    now: options.now,
    key: options.secrets ? auditKeyFromStore(options.secrets) : undefined,
    onChange: () => {
      const health = audit.health();
      if (health.state === 'down') log.error('audit.write_failed', { reason: health.detail });
      options.onChange();
    },
  });
  const checked = await audit.open().catch(() => undefined);
  if (checked && !checked.ok) log.error('audit.chain_broken', { reason: checked.brokenAt?.reason });
  if (audit.repair?.keptAs)
    log.warn('audit.torn_tail', { reason: 'The last line was cut off and kept aside.' });
  return audit;
}
