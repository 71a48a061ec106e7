import { appendFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@shared/api';
import { isTerminal, PaymentSession } from '@shared/payments';
import { DurableAppend, syncDir } from '../durable-file';
import { writeFileAtomic } from '../settings';
import type { SessionStore } from './session-store';

/** A save waiting for the next commit. */
interface Queued {
  session: PaymentSession;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A session's newest saved line, with what the journal's rewrite needs to know of it. */
interface Kept {
  line: string;
  finished: boolean;
  updatedAt: number;
}

const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** The journal is rewritten once it is this big and holds four times what its sessions need. */
const REWRITE_AT_BYTES = 1024 * 1024;
export const JOURNAL = 'journal.jsonl';

/**
 * Sessions in the data directory as a journal (`sessions/journal.jsonl`, mode 0600): each save
 * appends the session's whole state as one JSON line, and the last line for an id is its state.
 * Saves are group-committed: every save made while one write is on its way to the disk rides in the
 * next write, so a busy minute costs one append and one sync per batch, not per save. A save
 * resolves once its line is synced. A crash can only cut off the last line, which loading drops.
 * Once the journal is mostly old states it is rewritten with the newest ones (written beside it,
 * synced and renamed over it). A session holds masked values only: no card data reaches the disk.
 *
 * Sessions written one file each (`<id>.json`, before the journal) are read once and folded in.
 */
export class FileSessionStore implements SessionStore {
  readonly #dir: string;
  readonly #file: string;
  readonly #now: () => number;
  /** What the saves so far will have written, by id: enough to refuse a second open session on a call. */
  #index: Map<string, { callSid: string; open: boolean }> | undefined;
  /** The open session on each call. */
  readonly #openOnCall = new Map<string, string>();
  /** The newest line written for each session, for the journal's rewrite. */
  readonly #kept = new Map<string, Kept>();
  /** What the kept lines take in the journal. */
  #keptBytes = 0;
  #batch: Queued[] = [];
  #queue: Promise<void> = Promise.resolve();
  /** The journal, kept open between commits (closed for a rewrite and by `close`). */
  readonly #journal: DurableAppend;
  /** The journal's length up to its last whole line. */
  #size = 0;
  /** A failed append may have left part of a line behind: cut back to `#size` before the next. */
  #torn = false;
  #loading: Promise<unknown> | undefined;
  /** Files and lines that could not be read back, kept aside under `.unreadable` (for the log). */
  readonly setAside: string[] = [];

  constructor(dir: string, now: () => number = Date.now) {
    this.#dir = dir;
    this.#file = join(dir, JOURNAL);
    this.#journal = new DurableAppend(this.#file);
    this.#now = now;
  }

  async load(): Promise<PaymentSession[]> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const found = new Map<string, PaymentSession>();
    const { legacy, unreadable: unreadableFiles } = await this.#readLegacyFiles(found);
    const journal = await this.#readJournal(found);
    this.setAside.push(...unreadableFiles);

    let expired = 0;
    this.#kept.clear();
    this.#keptBytes = 0;
    this.#openOnCall.clear();
    const index = new Map<string, { callSid: string; open: boolean }>();
    const sessions: PaymentSession[] = [];
    for (const session of found.values()) {
      const finished = isTerminal(session.phase);
      const updatedAt = Date.parse(session.updatedAt);
      if (finished && this.#now() - updatedAt > KEEP_FINISHED_MS) {
        expired++;
        continue;
      }
      index.set(session.id, { callSid: session.callSid, open: !finished });
      if (!finished) this.#openOnCall.set(session.callSid, session.id);
      this.#keep(session.id, kept(session));
      sessions.push(session);
    }
    // Rewritten when it holds more than the sessions' newest states, or when old files fold in.
    if (legacy.length > 0 || journal.dirty || expired > 0 || journal.lines > sessions.length) {
      await this.#rewrite();
      for (const path of legacy) await rm(path, { force: true });
    } else {
      this.#size = journal.size;
    }
    this.#torn = false;
    this.#index = index;
    return sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  save(session: PaymentSession): Promise<void> {
    // Checked in call order, against what earlier saves will have written, before any write lands.
    if (!this.#index) return this.#indexReady().then(() => this.save(session));
    try {
      this.#claim(this.#index, session);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      // Sessions are replaced, never changed in place, so the line can be made at commit time: once
      // for the newest state, however many states the batch holds.
      this.#batch.push({ session, resolve, reject });
      // The first of a batch books one commit; what arrives meanwhile rides along with it.
      if (this.#batch.length === 1) this.#queue = this.#queue.then(() => this.#commit());
    });
  }

  #claim(index: Map<string, { callSid: string; open: boolean }>, session: PaymentSession): void {
    if (!SAFE_ID.test(session.id))
      throw new AppError('invalid_argument', 'A payment session id may only hold letters, digits, - and _.');
    const unfinished = !isTerminal(session.phase);
    const other = this.#openOnCall.get(session.callSid);
    if (unfinished && other !== undefined && other !== session.id) {
      throw new AppError(
        'session_open',
        'A payment is already open on this call. Finish or cancel it first.',
      );
    }
    const before = index.get(session.id);
    if (before?.open && this.#openOnCall.get(before.callSid) === session.id)
      this.#openOnCall.delete(before.callSid);
    if (unfinished) this.#openOnCall.set(session.callSid, session.id);
    index.set(session.id, { callSid: session.callSid, open: unfinished });
  }

  /** Appends every line queued so far with one write and one sync: a session's newest state only. */
  async #commit() {
    const batch = this.#batch;
    this.#batch = [];
    const sessions = new Map<string, PaymentSession>();
    for (const { session } of batch) sessions.set(session.id, session);
    const newest = new Map([...sessions].map(([id, session]) => [id, kept(session)]));
    const bytes = Buffer.from([...newest.values()].map(({ line }) => `${line}\n`).join(''));
    try {
      const created = this.#size === 0;
      // The next commit first cuts off what a failed one may have left.
      if (this.#torn) await this.#journal.truncate(this.#size);
      this.#torn = true;
      await this.#journal.append(bytes);
      this.#torn = false;
      if (created) await syncDir(this.#dir);
    } catch (error) {
      for (const b of batch) b.reject(error);
      return;
    }
    this.#size += bytes.length;
    for (const [id, k] of newest) this.#keep(id, k);
    for (const b of batch) b.resolve();
    // Mostly old states: rewritten with the newest. If that fails, the journal as it is still holds them.
    if (this.#size > REWRITE_AT_BYTES && this.#size > 4 * this.#keptBytes)
      await this.#rewrite().catch(() => undefined);
  }

  #keep(id: string, kept: Kept) {
    const before = this.#kept.get(id);
    this.#keptBytes += kept.line.length + 1 - (before ? before.line.length + 1 : 0);
    this.#kept.set(id, kept);
  }

  /** Resolves once every save so far is written (or failed), and closes the journal. */
  async close(): Promise<void> {
    await this.#queue;
    await this.#journal.close();
  }

  /** Writes the journal afresh with each kept session's newest line; finished ones go after a day. */
  async #rewrite() {
    // Closed first: a file open elsewhere cannot be renamed over on Windows.
    await this.#journal.close();
    for (const [id, kept] of this.#kept)
      if (kept.finished && this.#now() - kept.updatedAt > KEEP_FINISHED_MS) {
        this.#kept.delete(id);
        this.#keptBytes -= kept.line.length + 1;
      }
    const bytes = [...this.#kept.values()].map(({ line }) => `${line}\n`).join('');
    // Written beside it, synced and renamed over it; the folder synced so the rename survives a power cut.
    await writeFileAtomic(this.#file, bytes);
    await syncDir(this.#dir);
    this.#size = Buffer.byteLength(bytes);
  }

  async #indexReady() {
    if (this.#index) return this.#index;
    await (this.#loading ??= this.load());
    return this.#index!;
  }

  /** Reads the journal into `into`; a cut-off last line is dropped, a line that is not a session kept aside. */
  async #readJournal(into: Map<string, PaymentSession>) {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: 0, size: 0, dirty: false };
      throw error;
    }
    const end = text.lastIndexOf('\n') + 1;
    const torn = end < text.length;
    const unreadable: string[] = [];
    let lines = 0;
    for (const line of text.slice(0, end).split('\n')) {
      if (line === '') continue;
      lines++;
      const session = parseSession(line);
      if (session) into.set(session.id, session);
      else unreadable.push(line);
    }
    if (unreadable.length > 0) {
      const aside = `${this.#file}.unreadable`;
      await appendFile(aside, unreadable.map((line) => `${line}\n`).join(''), { mode: 0o600 });
      this.setAside.push(aside);
    }
    // A cut-off or garbled line is left out when the journal is written afresh.
    return { lines, size: Buffer.byteLength(text.slice(0, end)), dirty: torn || unreadable.length > 0 };
  }

  /** Sessions kept one file each by earlier versions; an unreadable one is set aside. */
  async #readLegacyFiles(into: Map<string, PaymentSession>) {
    const legacy: string[] = [];
    const unreadable: string[] = [];
    for (const name of (await readdir(this.#dir)).sort()) {
      const path = join(this.#dir, name);
      if (name.endsWith('.tmp')) {
        // A write cut short by a crash: the file it would have replaced is the state that counts.
        await rm(path, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const session = parseSession(await readFile(path, 'utf8'));
      if (session) {
        into.set(session.id, session);
        legacy.push(path);
      } else {
        const aside = `${path}.unreadable`;
        await rename(path, aside);
        unreadable.push(aside);
      }
    }
    return { legacy, unreadable };
  }
}

function kept(session: PaymentSession): Kept {
  return {
    line: JSON.stringify(session),
    finished: isTerminal(session.phase),
    updatedAt: Date.parse(session.updatedAt),
  };
}

function parseSession(text: string): PaymentSession | undefined {
  try {
    const parsed = PaymentSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
