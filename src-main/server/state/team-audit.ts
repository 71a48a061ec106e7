import { auditKeyFile } from '../../core/audit';
import type { Database } from '../db';
import { PgAuditLog } from './pg-audit-log';

/** The team's audit log, sealed with the key in `keyPath` (made once, 0600), checked whole at start. */
export async function openTeamAudit(
  db: Database,
  keyPath: string,
  onChange: () => void,
): Promise<PgAuditLog> {
  const audit = new PgAuditLog(db, { key: auditKeyFile(keyPath), onChange });
  await audit.verify();
  return audit;
}
