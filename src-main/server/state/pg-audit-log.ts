import type { AuditVerification } from '@shared/api/audit';
import type { AuditRecord } from '../../core/audit';
import { cleanDetails, entryHash, GENESIS, type AuditEntry } from '../../core/audit/entry';

/** A team entry: hash-chained like the file log; not yet sealed with a key (the file log's `mac`). */
export type TeamAuditEntry = Omit<AuditEntry, 'mac'>;
import type { Database } from '../db';

// Any fixed number: appends from every instance take turns, so the chain never forks.
const AUDIT_LOCK = 4_115_016;

/** The hash-chained audit log in the `audit_entries` table, the same entries as the file log's. */
export class PgAuditLog {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /** Appends one entry, chained to the last one written by any instance. */
  append(record: AuditRecord): Promise<TeamAuditEntry> {
    return this.#db.transaction(async (q) => {
      await q.query('select pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
      const [tail] = await q.query<{ seq: string; hash: string }>(
        'select seq, hash from audit_entries order by seq desc limit 1',
      );
      const body: Omit<AuditEntry, 'hash' | 'mac'> = {
        seq: tail ? Number(tail.seq) + 1 : 1,
        at: this.#now().toISOString(),
        agent: record.agent,
        action: record.action,
        sessionId: record.sessionId,
        callSid: record.callSid,
        ...(record.paymentSid === undefined ? {} : { paymentSid: record.paymentSid }),
        details: cleanDetails(record.details ?? {}),
        prev: tail?.hash ?? GENESIS,
      };
      const entry: TeamAuditEntry = { ...body, hash: entryHash(body) };
      await q.query('insert into audit_entries (seq, entry, prev, hash) values ($1, $2, $3, $4)', [
        entry.seq,
        JSON.stringify(entry),
        entry.prev,
        entry.hash,
      ]);
      return entry;
    });
  }

  /** Reads every entry in order and reports the first place the chain breaks. */
  async verify(): Promise<AuditVerification> {
    const rows = await this.#db.query<{ seq: string; entry: TeamAuditEntry }>(
      'select seq, entry from audit_entries order by seq',
    );
    const result = (brokenAt?: { line: number; reason: string }): AuditVerification => ({
      ok: brokenAt === undefined,
      entries: rows.length,
      ...(brokenAt ? { brokenAt } : {}),
      file: 'audit_entries (database)',
    });
    let prev = GENESIS;
    for (const [index, row] of rows.entries()) {
      const line = index + 1;
      const { hash, ...body } = row.entry;
      if (Number(row.seq) !== line || body.seq !== line)
        return result({ line, reason: 'An entry is missing or out of order.' });
      if (body.prev !== prev)
        return result({ line, reason: 'This entry does not follow the one before it.' });
      if (entryHash(body) !== hash)
        return result({ line, reason: 'This entry was changed after it was written.' });
      prev = hash;
    }
    return result();
  }
}
