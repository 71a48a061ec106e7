import { open, readFile, rename, stat, truncate, writeFile } from 'node:fs/promises';
import { AppError } from '@shared/api';
import type { AuditEntry } from '../audit';
import { lastCompleteLine, lineBatches } from '../audit/line-reader';
import {
  foldEntry,
  foldFromRow,
  rowFromFold,
  touchesHistory,
  type HistoryRow,
  type SessionFold,
} from './fold';
import { indexLine, indexMeta } from './index-line';
import { filtersRows, type HistoryPageRequest } from './history-select';
import { HistoryView } from './history-view';
import { tailPage } from './tail-page';

/** Where the index stood: how far into the log, its last entry, the index's length, open payments. */
interface Checkpoint {
  /** 3: index lines carry each row's agent and time, for History's filters. */
  version: 3;
  logBytes: number;
  seq: number;
  hash: string;
  indexBytes: number;
  /** How many lines the index has. */
  rows: number;
  open: [string, SessionFold][];
}

/** The log the index follows: its file, and a way to hear of entries once they are written. */
export interface IndexedLog {
  readonly file: string;
  onAppend(listener: (entries: readonly AuditEntry[], size: number) => void): () => void;
  /** Resolves once every entry handed to the log so far is written (and so heard of). */
  flush?(): Promise<void>;
}

export interface HistoryPage {
  entries: HistoryRow[];
  more?: number;
}

const CHECKPOINT_DELAY_MS = 1000;

/**
 * History at scale: one line per finished payment in a file beside the audit log, with offsets in
 * memory, so History opens on its newest rows and filters without reading the log. The log stays
 * the record: the index is derived from it, caught up from a checkpoint at start, and rebuilt from
 * the whole log when it is missing or does not fit the log any more.
 */
export class HistoryIndex {
  readonly file: string;
  readonly #checkpointFile: string;
  readonly #log: IndexedLog;
  #folds = new Map<string, SessionFold>();
  #logBytes = 0;
  #seq = 0;
  #hash = '';
  #indexBytes = 0;
  #rows = 0;
  #view: HistoryView | undefined;
  #viewLoading: Promise<HistoryView> | undefined;
  /** Rows appended while the view loads, added to it once it has. */
  #viewPending: Array<[line: string, offset: number, end: number]> | undefined;
  #generation = 0;
  #ready: Promise<void> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #unsubscribe: (() => void) | undefined;
  #checkpointTimer: NodeJS.Timeout | undefined;
  #broken = false;

  constructor(log: IndexedLog) {
    this.#log = log;
    this.file = `${log.file}.history`;
    this.#checkpointFile = `${log.file}.history-state.json`;
  }

  /** Follows the log from now on and catches the index up in the background; `ready` waits for it. */
  start(): this {
    this.#unsubscribe ??= this.#log.onAppend((entries, size) => {
      this.#queue = this.#queue.then(() => this.#applyLive(entries, size)).catch(() => this.#fail());
    });
    // A failed start leaves the index marked broken: the first page rebuilds it.
    this.#ready ??= this.#enqueue(() => this.#open()).then(
      // Loaded into memory soon after, for the filters; the first page does not wait for it.
      () => void setTimeout(() => void this.#viewOnce().catch(() => undefined), 0).unref(),
      () => this.#fail(),
    );
    return this;
  }

  ready(): Promise<void> {
    return this.start().#ready!;
  }

  /** Resolves once the index is in memory (it loads in the background after start), for filters. */
  async warm(): Promise<void> {
    await this.ready();
    await this.#viewOnce();
  }

  /** A page of rows, newest first, filtered here rather than in the console. */
  async page(request: HistoryPageRequest): Promise<HistoryPage> {
    await this.#caughtUp();
    try {
      if (this.#broken) await this.#enqueue(() => this.#rebuild());
      const first = request.before === undefined && !filtersRows(request);
      if (first && !this.#view)
        return await this.#enqueue(() => tailPage(this.file, this.#indexBytes, this.#rows, request.limit));
      const view = await this.#viewOnce();
      const { positions, more } = view.select(request);
      return { entries: await view.rows(this.file, positions), ...(more === undefined ? {} : { more }) };
    } catch {
      throw new AppError(
        'history_unavailable',
        'Callpay could not read its payment history just now (is the disk full?). Your payments are ' +
          'safe in the audit log; free some space and press Refresh.',
      );
    }
  }

  /** A payment's row, if it has ended. */
  async row(sessionId: string): Promise<HistoryRow | undefined> {
    await this.#caughtUp();
    return this.#enqueue(() => this.#currentRow(sessionId, []));
  }

  /** Ready, with every entry recorded a moment ago (a receipt's status, a result) in the index. */
  async #caughtUp(): Promise<void> {
    await this.ready();
    await this.#log.flush?.().catch(() => undefined);
    await this.#enqueue(async () => undefined);
  }

  /** Writes the checkpoint now and stops following the log. */
  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearTimeout(this.#checkpointTimer);
    await this.#queue.catch(() => undefined);
    if (!this.#broken && this.#ready) await this.#saveCheckpoint();
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => this.#fail());
    return run;
  }

  async #open() {
    const checkpoint = await this.#fittingCheckpoint();
    if (!checkpoint) return this.#rebuild();
    await truncate(this.file, checkpoint.indexBytes);
    this.#logBytes = checkpoint.logBytes;
    this.#seq = checkpoint.seq;
    this.#hash = checkpoint.hash;
    this.#indexBytes = checkpoint.indexBytes;
    this.#rows = checkpoint.rows;
    this.#folds = new Map(checkpoint.open);
    await this.#catchUp();
  }

  /** The checkpoint, if the log still has its last entry where it was and the index is that long. */
  async #fittingCheckpoint(): Promise<Checkpoint | undefined> {
    try {
      const checkpoint = JSON.parse(await readFile(this.#checkpointFile, 'utf8')) as Checkpoint;
      if (checkpoint.version !== 3 || checkpoint.logBytes <= 0) return undefined;
      if ((await stat(this.file)).size < checkpoint.indexBytes) return undefined;
      const last = await lastCompleteLine(this.#log.file, checkpoint.logBytes);
      if (last?.end !== checkpoint.logBytes) return undefined;
      const entry = JSON.parse(last.line) as Partial<AuditEntry>;
      return entry.seq === checkpoint.seq && entry.hash === checkpoint.hash ? checkpoint : undefined;
    } catch {
      return undefined;
    }
  }

  /** Starts over from the log's first line: the index is only ever derived from it. */
  async #rebuild() {
    await writeFile(this.file, '', { mode: 0o600 });
    this.#folds = new Map();
    this.#dropView();
    this.#logBytes = 0;
    this.#rows = 0;
    this.#seq = 0;
    this.#hash = '';
    this.#indexBytes = 0;
    this.#broken = false;
    await this.#catchUp();
  }

  /** Folds what the log holds past the index's point, a batch at a time. */
  async #catchUp() {
    let end = this.#logBytes;
    for await (const lines of lineBatches(this.#log.file, this.#logBytes)) {
      const batch: AuditEntry[] = [];
      for (const line of lines) {
        try {
          batch.push(JSON.parse(line.line) as AuditEntry);
        } catch {
          // A damaged line is audit.verify's to report; the history shows what it can read.
        }
      }
      end = lines.at(-1)!.end;
      await this.#apply(batch, end);
    }
    this.#logBytes = end;
    this.#scheduleCheckpoint();
  }

  async #applyLive(entries: readonly AuditEntry[], size: number) {
    if (this.#broken) return;
    // Entries the catch-up already read from the file come again as appends: fold each once.
    const fresh = entries.filter((e) => e.seq > this.#seq);
    if (fresh.length === 0) return;
    await this.#apply(fresh, size);
    this.#scheduleCheckpoint();
  }

  async #apply(entries: readonly AuditEntry[], logBytes: number) {
    const rows: HistoryRow[] = [];
    for (const entry of entries) {
      // A recording's or a copy's entry changes no row.
      if (!touchesHistory(entry)) continue;
      let fold = this.#folds.get(entry.sessionId);
      if (!fold && entry.action !== 'payment.start') {
        // After the payment's end (a late Result): on from its row.
        const row = await this.#currentRow(entry.sessionId, rows);
        if (row) fold = foldFromRow(row);
      }
      const next = foldEntry(fold, entry);
      const row = rowFromFold(entry.sessionId, next);
      if (row) {
        this.#folds.delete(entry.sessionId);
        rows.push(row);
      } else this.#folds.set(entry.sessionId, next);
    }
    const last = entries.at(-1);
    if (rows.length > 0) await this.#appendRows(rows);
    this.#logBytes = logBytes;
    if (last) {
      this.#seq = last.seq;
      this.#hash = last.hash;
    }
  }

  async #currentRow(sessionId: string, unwritten: readonly HistoryRow[]) {
    const pending = unwritten.findLast((r) => r.sessionId === sessionId);
    if (pending) return pending;
    const view = await this.#viewOnce();
    const position = view.positionOf(sessionId);
    return position === undefined ? undefined : (await view.rows(this.file, [position]))[0];
  }

  async #appendRows(rows: readonly HistoryRow[]) {
    const lines = rows.map(indexLine);
    const bytes = Buffer.from(lines.join(''));
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    let offset = this.#indexBytes;
    for (const line of lines) {
      const end = offset + Buffer.byteLength(line);
      if (this.#view) this.#view.add(indexMeta(line)!, offset, end);
      else this.#viewPending?.push([line, offset, end]);
      offset = end;
    }
    this.#indexBytes = offset;
    this.#rows += lines.length;
  }

  /** The index in memory, loaded once; appends meanwhile are kept and added when it is. */
  #viewOnce(): Promise<HistoryView> {
    if (this.#view) return Promise.resolve(this.#view);
    this.#viewLoading ??= this.#loadView();
    return this.#viewLoading;
  }

  async #loadView(): Promise<HistoryView> {
    const generation = this.#generation;
    const upTo = this.#indexBytes;
    this.#viewPending = [];
    const view = new HistoryView();
    let offset = 0;
    try {
      for await (const lines of lineBatches(this.file)) {
        for (const { line, end } of lines) {
          if (end > upTo) break;
          const meta = indexMeta(line);
          if (meta) view.add(meta, offset, end);
          else view.addUnreadable(offset, end);
          offset = end;
        }
        if (offset >= upTo) break;
      }
      if (generation !== this.#generation) return this.#viewOnce();
      for (const [line, start, end] of this.#viewPending) view.add(indexMeta(line)!, start, end);
      this.#view = view;
      return view;
    } finally {
      if (generation === this.#generation) {
        this.#viewPending = undefined;
        this.#viewLoading = undefined;
      }
    }
  }

  #dropView() {
    this.#generation++;
    this.#view = undefined;
    this.#viewLoading = undefined;
    this.#viewPending = undefined;
  }

  #scheduleCheckpoint() {
    this.#checkpointTimer ??= setTimeout(() => {
      this.#checkpointTimer = undefined;
      void this.#enqueue(() => this.#saveCheckpoint());
    }, CHECKPOINT_DELAY_MS).unref();
  }

  async #saveCheckpoint() {
    const checkpoint: Checkpoint = {
      version: 3,
      logBytes: this.#logBytes,
      seq: this.#seq,
      hash: this.#hash,
      indexBytes: this.#indexBytes,
      rows: this.#rows,
      open: [...this.#folds],
    };
    const temp = `${this.#checkpointFile}.tmp`;
    await writeFile(temp, JSON.stringify(checkpoint), { mode: 0o600 });
    await rename(temp, this.#checkpointFile);
  }

  // The index could not be written (a full disk): it is rebuilt from the log when next asked.
  #fail() {
    this.#broken = true;
    this.#dropView();
  }
}
