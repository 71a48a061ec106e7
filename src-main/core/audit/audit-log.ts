import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AuditVerification } from '@shared/api';
import { AppError } from '@shared/api';
import type { Health } from '@shared/api';
import { auditKeyFile, rememberedKey, type AuditKeySource } from './audit-key';
import {
  checkLine,
  entryMac,
  markUnsealedStart,
  readCompleteLines,
  START,
  verifyChain,
  type ChainTail,
} from './chain';
import { readCheckedMark, writeCheckedMark } from './checked-mark';
import { completeLines, firstLine, lastCompleteLine } from './line-reader';
import { cleanDetails, entryHash, type AuditAction, type AuditDetails, type AuditEntry } from './entry';
import { DurableAppend, syncDir } from '../durable-file';
import { repairTornTail, type TailRepair } from './torn-tail';

export interface AuditRecord {
  agent: string;
  action: AuditAction;
  sessionId: string;
  callSid: string;
  paymentSid?: string;
  details?: AuditDetails;
}

export interface AuditLogOptions {
  now?: () => Date;
  /** The MAC key; by default `audit.key` (mode 0600) beside the log. */
  key?: AuditKeySource;
  /** Called whenever `health()` may have changed (a write failed or recovered, a check ran). */
  onChange?: () => void;
  /** How often entries that could not be written are tried again (default 2 s). */
  retryMs?: number;
  /** After a start that checked only the new entries, when the whole chain is checked (default 5 s). */
  fullCheckDelayMs?: number;
}

/** Told of entries once they are on the disk, with the log's length after them. */
export type AppendListener = (entries: readonly AuditEntry[], size: number) => void;

/** A record that could not be written yet, with the time it happened. */
type Waiting = { record: AuditRecord; at: string };

const why = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'the file cannot be written';
  if (error instanceof AppError) return error.message;
  return code ?? (error as Error).message;
};

/**
 * The audit log: one JSON line per entry, each chained to the one before by SHA-256 and sealed
 * with a MAC (chain.ts says what that proves), so any edit, removal or reordering shows up in
 * `verify`. Only ever appended to; every append is synced to the disk before it counts.
 */
export class AuditLog {
  readonly file: string;
  /** The log, kept open between appends (closed by `close`). */
  readonly #appender: DurableAppend;
  readonly #now: () => Date;
  readonly #keyOnce: AuditKeySource;
  readonly #onChange: () => void;
  readonly #retryMs: number;
  readonly #fullCheckDelayMs: number;
  #fullCheck: NodeJS.Timeout | undefined;
  readonly #closing = new AbortController();
  readonly #listeners = new Set<AppendListener>();
  #opened: Promise<void> | undefined;
  #tail: ChainTail = START;
  #size = 0;
  #torn = false;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #batch: Array<{
    item: Waiting;
    keep: boolean;
    resolve: (entry: AuditEntry) => void;
    reject: (error: unknown) => void;
  }> = [];
  readonly #waiting: Waiting[] = [];
  #failure: string | undefined;
  #check: AuditVerification | undefined;
  #repair: TailRepair | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(file: string, options: AuditLogOptions = {}) {
    this.file = file;
    this.#appender = new DurableAppend(file);
    this.#now = options.now ?? (() => new Date());
    this.#keyOnce = rememberedKey(options.key ?? auditKeyFile(join(dirname(file), 'audit.key')));
    this.#onChange = options.onChange ?? (() => undefined);
    this.#retryMs = options.retryMs ?? 2000;
    this.#fullCheckDelayMs = options.fullCheckDelayMs ?? 5000;
  }

  /** Repairs a torn last line, finds the chain's tail and checks the whole chain; once per log. */
  open(): Promise<AuditVerification> {
    if (!this.#opened) {
      const opening = this.#openOnce();
      this.#opened = opening;
      // A log that could not be opened (its key unreadable) is tried again next time.
      opening.catch((error: unknown) => {
        if (this.#opened === opening) this.#opened = undefined;
        this.#failed(error);
      });
    }
    return this.#opened.then(() => this.#check!);
  }

  async #openOnce() {
    const key = await this.#keyOnce();
    await mkdir(dirname(this.file), { recursive: true });
    // Only the log's ends are read here: a long history must not slow the start.
    const last = await this.#findTail();
    this.#repair = await repairTornTail(
      this.file,
      (line) => 'entry' in checkLine(line, last, key),
      this.#now,
    );
    this.#size = this.#repair.size;
    // A log kept before entries were sealed: its unsealed start is marked once, with the key.
    const head = await firstLine(this.file);
    if (head !== undefined && !head.includes('"mac":'))
      await markUnsealedStart(this.file, key, await readCompleteLines(this.file));
    // What the last start found intact is not read again; the rest of the chain is checked now.
    const mark = await readCheckedMark(this.file, key);
    const { result, checked } = await verifyChain(this.file, key, mark);
    this.#check = result;
    if (result.ok) await writeCheckedMark(this.file, key, checked);
    // The part checked before is checked again too, in the background: an edit there still shows.
    if (mark && result.ok)
      this.#fullCheck = setTimeout(() => void this.#checkAll(), this.#fullCheckDelayMs).unref();
    // A broken chain goes on from its last line, so verify keeps pointing at the break, not past it.
    this.#tail = await this.#findTail();
    this.#onChange();
  }

  async #checkAll() {
    this.#fullCheck = undefined;
    // Stopped by close(): a long log's check must not hold the process (or the next start) up.
    await this.verify(this.#closing.signal).catch(() => undefined);
  }

  /** The tail the next entry chains on from: the last complete line's seq and hash. */
  async #findTail(): Promise<ChainTail> {
    const last = await lastCompleteLine(this.file);
    if (last === undefined) return START;
    try {
      const entry = JSON.parse(last.line) as Partial<AuditEntry>;
      if (typeof entry.hash === 'string' && typeof entry.seq === 'number')
        return { seq: entry.seq, hash: entry.hash };
    } catch {
      // A damaged line: count the lines, so the next entry's seq is at least past it.
    }
    let lines = 0;
    for await (const _ of completeLines(this.file)) lines++;
    return { seq: lines, hash: 'damaged' };
  }

  /** Calls `listener` with each batch of entries once it is on the disk; returns the unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The log's length in bytes as far as complete, written entries go. */
  get size(): number {
    return this.#size;
  }

  /** What the torn-tail repair at open did (nothing, completed a line, or kept one aside). */
  get repair(): TailRepair | undefined {
    return this.#repair;
  }

  /**
   * Appends one entry and resolves once it is on the disk. If it cannot be written the promise
   * rejects with a sentence and nothing is kept: the caller must not go on (a payment is not started).
   */
  append(record: AuditRecord): Promise<AuditEntry> {
    return this.#enqueue({ record, at: this.#now().toISOString() }, false);
  }

  /**
   * Records an entry that must not be lost: if it cannot be written now it waits in memory, in
   * order, and is tried again before the next entry and every few seconds, while `health()` says so.
   */
  keep(record: AuditRecord): void {
    void this.#enqueue({ record, at: this.#now().toISOString() }, true).catch(() => undefined);
  }

  #enqueue(item: Waiting, keep: boolean): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.#batch.push({ item, keep, resolve, reject });
      // The first of a batch books one commit; what arrives meanwhile rides along with it.
      if (this.#batch.length === 1) this.#queue = this.#queue.then(() => this.#commit());
    });
  }

  /** Writes every entry queued so far with one write and one sync (a group commit). */
  async #commit() {
    const batch = this.#batch.splice(0);
    try {
      await this.#drain();
      const entries = await this.#writeAll(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(entries[i]!));
    } catch (error) {
      this.#failed(error);
      const refused = new AppError(
        'audit_unwritable',
        `Callpay could not write to its audit log (${why(error)}), so it did not go ahead. ` +
          'Free some disk space or check the data folder, then try again.',
      );
      for (const b of batch) {
        if (b.keep) this.#waiting.push(b.item);
        b.reject(refused);
      }
    }
  }

  /** Writes what waits from earlier failures, oldest first, before anything newer. */
  async #drain() {
    if (this.#waiting.length === 0) return;
    await this.#writeAll(this.#waiting);
    this.#waiting.length = 0;
  }

  /** Appends entries for the records, in order, synced; all of them reach the file or none counts. */
  async #writeAll(items: readonly Waiting[]): Promise<AuditEntry[]> {
    if (items.length === 0) return [];
    await this.open();
    const key = await this.#keyOnce();
    // A failed append may have left part of its lines behind: cut back to the last good entry first.
    if (this.#torn) {
      await this.#appender.truncate(this.#size);
      this.#torn = false;
    }
    let tail = this.#tail;
    const entries = items.map(({ record, at }) => {
      const body: Omit<AuditEntry, 'hash' | 'mac'> = {
        seq: tail.seq + 1,
        at,
        agent: record.agent,
        action: record.action,
        sessionId: record.sessionId,
        callSid: record.callSid,
        ...(record.paymentSid === undefined ? {} : { paymentSid: record.paymentSid }),
        details: cleanDetails(record.details ?? {}),
        prev: tail.hash,
      };
      const hash = entryHash(body);
      tail = { seq: body.seq, hash };
      return { ...body, hash, mac: entryMac(key, hash) };
    });
    const bytes = Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const created = this.#size === 0;
    this.#torn = true;
    await this.#appender.append(bytes);
    if (created) await syncDir(dirname(this.file));
    this.#torn = false;
    this.#size += bytes.length;
    this.#tail = tail;
    if (this.#failure !== undefined) this.#recovered();
    for (const listener of this.#listeners) listener(entries, this.#size);
    return entries;
  }

  #recovered() {
    this.#failure = undefined;
    clearInterval(this.#retry);
    this.#retry = undefined;
    // After the caller's own bookkeeping (drain empties the waiting list).
    queueMicrotask(this.#onChange);
  }

  #failed(error: unknown) {
    const first = this.#failure === undefined;
    this.#failure = why(error);
    this.#retry ??= setInterval(() => this.#retryNow(), this.#retryMs).unref();
    if (first) this.#onChange();
  }

  #retryNow() {
    if (this.#waiting.length === 0) return;
    this.#queue = this.#queue.then(() => this.#drain()).catch((error: unknown) => this.#failed(error));
  }

  /** The log as the status bar shows it: writable, and its chain intact. */
  health(): Health {
    if (this.#failure !== undefined) {
      const waiting = this.#waiting.length;
      const held =
        waiting === 0
          ? ''
          : ` ${waiting} ${waiting === 1 ? 'entry waits' : 'entries wait'} in memory and will be written when it can.`;
      return {
        state: 'down',
        detail: `Callpay cannot write its audit log: ${this.#failure}. New payments are refused until it can.${held}`,
      };
    }
    const check = this.#check;
    if (check && !check.ok) {
      return {
        state: 'degraded',
        detail:
          `The audit log's chain is broken at line ${check.brokenAt?.line ?? '?'}: ${check.brokenAt?.reason ?? ''} ` +
          'Entries from there on cannot be trusted; keep the file for review.',
      };
    }
    const kept = this.#repair?.keptAs;
    const entries = check ? `${check.entries} entries checked at start` : 'not checked yet';
    return {
      state: 'ok',
      detail: kept
        ? `The audit log's last line was cut off (a crash or a full disk); its bytes were kept in ${kept}.`
        : `The audit log is intact (${entries}).`,
    };
  }

  /** Resolves once every append so far has reached the file (or failed). */
  async flush(): Promise<void> {
    await this.#queue;
  }

  /**
   * Stops retrying and checking in the background, and closes the file once every append so far is
   * written; what still waits is reported by `waiting`.
   */
  async close(): Promise<void> {
    clearInterval(this.#retry);
    this.#retry = undefined;
    clearTimeout(this.#fullCheck);
    this.#fullCheck = undefined;
    this.#closing.abort();
    await this.#queue.catch(() => undefined);
    await this.#appender.close();
  }

  /** How many entries wait in memory for the disk. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Reads the whole file and reports the first place the chain breaks; remembers it for `health()`. */
  async verify(signal?: AbortSignal): Promise<AuditVerification> {
    await this.open();
    await this.#queue;
    const key = await this.#keyOnce();
    const { result: check, checked } = await verifyChain(this.file, key, undefined, signal);
    if (check.ok) await writeCheckedMark(this.file, key, checked);
    const changed = check.ok !== this.#check?.ok;
    this.#check = check;
    if (changed) this.#onChange();
    return check;
  }
}
