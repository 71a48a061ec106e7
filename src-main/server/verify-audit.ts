import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditVerification } from '@shared/api';
import { AppError } from '@shared/api';
import { auditKeyFile, describeVerification } from '../core/audit';
import { callAdminSocket } from './admin';
import type { VerifyAuditArgs } from './cli-args';
import { openDatabase } from './db';
import { PgAuditLog } from './state';

/** Checks the team's audit log directly in its database, with the key file every instance seals with. */
async function verifyInDatabase(args: VerifyAuditArgs): Promise<AuditVerification> {
  const keyPath = args.auditKeyFile ?? join(args.dataDir, 'audit.key');
  // Never made here: a fresh key would fail every seal and say nothing true.
  await access(keyPath).catch(() => {
    throw new AppError(
      'audit_key_missing',
      `There is no audit key at ${keyPath}: give the server's key with --audit-key-file (or --data-dir).`,
    );
  });
  const db = await openDatabase({ url: args.databaseUrl, dataDir: args.dataDir });
  try {
    return await new PgAuditLog(db, { key: auditKeyFile(keyPath) }).verify();
  } finally {
    await db.close();
  }
}

/**
 * `npm run server -- verify-audit`: the chain and every seal, in one sentence. The embedded
 * database belongs to the instance running on it, so that instance is asked when it runs.
 * Exits 0 when intact, 1 when broken; throws (exit 2 from the CLI) when it could not check.
 */
export async function verifyAudit(args: VerifyAuditArgs): Promise<number> {
  let result: AuditVerification | undefined;
  if (args.databaseUrl === undefined) {
    result = (await callAdminSocket(args.dataDir, 'POST', '/audit/verify').catch((error: unknown) => {
      if ((error as AppError).code === 'server_not_running') return undefined;
      throw error;
    })) as AuditVerification | undefined;
  }
  result ??= await verifyInDatabase(args);
  console.log(describeVerification(result));
  return result.ok ? 0 : 1;
}
