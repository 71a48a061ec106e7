// The records a core keeps: the audit trail (the data folder's hash-chained file, or the one the host
// gives), the saved-card vault keyed from it, and the History read from it.
import { join } from 'node:path';
import { auditKeyFile, auditKeyFromStore, openAuditLog, type AuditTrail } from '../audit';
import { HistoryIndex, type HistoryBook } from '../history';
import type { AppLog } from '../log';
import { SavedCardVault } from '../saved-cards';
import type { CoreOptions } from './types';

export interface Records {
  audit: AuditTrail;
  /** Undefined when the saved-card key cannot be read (saved cards are then off, and logged). */
  vault: SavedCardVault | undefined;
  history: HistoryBook;
}

export async function openRecords(options: CoreOptions, log: AppLog, onChange: () => void): Promise<Records> {
  if (options.audit && !options.history)
    throw new Error('A core given an audit trail of its own must be given the history kept from it.');
  const fileAudit = options.audit
    ? undefined
    : await openAuditLog({
        dataDir: options.dataDir,
        log,
        secrets: options.secrets,
        now: options.clock,
        onChange,
      });
  const audit: AuditTrail = fileAudit ?? (await options.audit!(onChange));
  // The saved-card key comes from the audit key, so it opens after the log made that key.
  const vault = await SavedCardVault.open(
    options.secrets ? auditKeyFromStore(options.secrets) : auditKeyFile(join(options.dataDir, 'audit.key')),
  ).catch((error: unknown) => {
    log.error('saved_cards.key_unreadable', { reason: (error as Error).message });
    return undefined;
  });
  // Caught up in the background (from its checkpoint, or from the table's fold): the start does not wait.
  const history: HistoryBook = fileAudit ? new HistoryIndex(fileAudit).start() : options.history!(audit);
  return { audit, vault, history };
}
