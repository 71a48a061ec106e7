import type { AuditVerification } from '@shared/api';
import { AppError, errorMessage } from '@shared/api';
import type { Health } from '@shared/api';
import { rememberedKey, type AuditKeySource, type AuditRecord, type AuditTrail } from '../../core/audit';
import { checkLine, entryMac, START, type ChainTail } from '../../core/audit/chain';
import { cleanDetails, entryHash, type AuditEntry } from '../../core/audit/entry';
import type { Database } from '../db';

// Any fixed number: appends from every instance take turns, so the chain never forks.
const AUDIT_LOCK = 4_115_016;
const WHERE = 'audit_entries (database)';

export interface PgAuditLogOptions {
  /** The sealing key; every instance of one team must be given the same one. */
  key: AuditKeySource;
  now?: () => Date;
  /** Called whenever `health()` may have changed. */
  onChange?: () => void;
  /** How often entries that could not be written are tried again (default 2 s). */
  retryMs?: number;
}

type Waiting = { record: AuditRecord; at: string };

/**
 * The team's audit log in the `audit_entries` table: the same entries as the file log, chained and
 * sealed with chain.ts's rules, appended under an advisory lock so instances share one chain.
 */
export class PgAuditLog implements AuditTrail {
  readonly file = WHERE;
  readonly #db: Database;
  readonly #keyOnce: AuditKeySource;
  readonly #now: () => Date;
  readonly #onChange: () => void;
  readonly #retryMs: number;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #waiting: Waiting[] = [];
  #failure: string | undefined;
  #check: AuditVerification | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(db: Database, options: PgAuditLogOptions) {
    this.#db = db;
    this.#keyOnce = rememberedKey(options.key);
    this.#now = options.now ?? (() => new Date());
    this.#onChange = options.onChange ?? (() => undefined);
    this.#retryMs = options.retryMs ?? 2000;
  }

  /** Appends one entry after anything still waiting; rejects with a sentence if the database refuses it. */
  append(record: AuditRecord): Promise<AuditEntry> {
    return this.#turn(async () => {
      await this.#drain();
      return this.#write({ record, at: this.#now().toISOString() });
    }).catch((error: unknown) => {
      this.#failed(error);
      throw new AppError(
        'audit_unwritable',
        `Callpay Server could not write its audit log to the database (${errorMessage(error)}), so it did ` +
          'not go ahead. Check the database, then try again.',
      );
    });
  }

  /** Records an entry that must not be lost: while the database is away it waits here, in order. */
  keep(record: AuditRecord): void {
    this.#waiting.push({ record, at: this.#now().toISOString() });
    void this.#turn(() => this.#drain()).catch((error: unknown) => this.#failed(error));
  }

  #turn<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => undefined).then(fn);
    this.#queue = run;
    return run;
  }

  async #drain() {
    while (this.#waiting.length > 0) {
      await this.#write(this.#waiting[0]!);
      this.#waiting.shift();
    }
    if (this.#failure !== undefined) {
      this.#failure = undefined;
      clearInterval(this.#retry);
      this.#retry = undefined;
      this.#onChange();
    }
  }

  async #write({ record, at }: Waiting): Promise<AuditEntry> {
    const key = await this.#keyOnce();
    return this.#db.transaction(async (q) => {
      await q.query('select pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
      const [tail] = await q.query<{ seq: string; hash: string }>(
        'select seq, hash from audit_entries order by seq desc limit 1',
      );
      const body: Omit<AuditEntry, 'hash' | 'mac'> = {
        seq: tail ? Number(tail.seq) + 1 : 1,
        at,
        agent: record.agent,
        action: record.action,
        sessionId: record.sessionId,
        callSid: record.callSid,
        ...(record.paymentSid === undefined ? {} : { paymentSid: record.paymentSid }),
        details: cleanDetails(record.details ?? {}),
        prev: tail?.hash ?? START.hash,
      };
      const hash = entryHash(body);
      const entry: AuditEntry = { ...body, hash, mac: entryMac(key, hash) };
      await q.query('insert into audit_entries (seq, entry, prev, hash) values ($1, $2, $3, $4)', [
        entry.seq,
        JSON.stringify(entry),
        entry.prev,
        entry.hash,
      ]);
      return entry;
    });
  }

  #failed(error: unknown) {
    const first = this.#failure === undefined;
    this.#failure = errorMessage(error);
    this.#retry ??= setInterval(() => {
      if (this.#waiting.length > 0) void this.#turn(() => this.#drain()).catch(() => undefined);
    }, this.#retryMs).unref();
    if (first) this.#onChange();
  }

  /** Checks every row with the file log's rules (sequence, link, hash, seal); remembers it for `health()`. */
  async verify(): Promise<AuditVerification> {
    await this.#queue.catch(() => undefined);
    const key = await this.#keyOnce();
    const rows = await this.#db.query<{ seq: string; entry: unknown }>(
      'select seq, entry from audit_entries order by seq',
    );
    let tail: ChainTail = START;
    let broken: AuditVerification['brokenAt'];
    for (const [index, row] of rows.entries()) {
      const checked = checkLine(JSON.stringify(row.entry), tail, key);
      if ('reason' in checked || Number(row.seq) !== checked.entry.seq) {
        const reason = 'reason' in checked ? checked.reason : 'The row’s number does not match its entry.';
        broken = { line: index + 1, reason };
        break;
      }
      tail = { seq: checked.entry.seq, hash: checked.entry.hash };
    }
    const check: AuditVerification = {
      ok: broken === undefined,
      entries: broken ? broken.line - 1 : rows.length,
      ...(broken ? { brokenAt: broken } : {}),
      file: WHERE,
      sealChecked: true,
    };
    const changed = check.ok !== this.#check?.ok;
    this.#check = check;
    if (changed) this.#onChange();
    return check;
  }

  /** The log as the status bar shows it. */
  health(): Health {
    if (this.#failure !== undefined) {
      const waiting = this.#waiting.length;
      return {
        state: 'down',
        detail:
          `Callpay Server cannot write its audit log to the database: ${this.#failure}. New payments are ` +
          `refused until it can.${waiting > 0 ? ` ${waiting} waiting ${waiting === 1 ? 'entry is' : 'entries are'} kept in memory.` : ''}`,
      };
    }
    const check = this.#check;
    if (check && !check.ok) {
      return {
        state: 'degraded',
        detail: `The team's audit log is broken at entry ${check.brokenAt?.line ?? '?'}: ${check.brokenAt?.reason ?? ''}`,
      };
    }
    return {
      state: 'ok',
      detail: check
        ? `The team's audit log is intact (${check.entries} entries checked).`
        : 'The team’s audit log is in the database.',
    };
  }

  /** Resolves once every append so far has been written (or failed). */
  async flush(): Promise<void> {
    await this.#queue.catch(() => undefined);
  }

  close(): void {
    clearInterval(this.#retry);
    this.#retry = undefined;
  }

  get waiting(): number {
    return this.#waiting.length;
  }
}
