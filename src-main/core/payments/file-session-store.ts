import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@shared/api';
import { isTerminal, PaymentSession } from '@shared/payments';
import type { SessionStore } from './session-store';

/** A session's next write: the newest state saved while it waited, and that state's own check. */
interface PendingWrite {
  session: PaymentSession;
  checked: Promise<void>;
  written: Promise<void>;
}

const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Sessions in the data directory, one JSON file each (`sessions/<id>.json`, mode 0600), written
 * to a temporary file, synced and renamed over the old one, so a crash leaves the old or the new
 * state, never half of one. A session holds masked values only: no card data reaches the disk.
 */
export class FileSessionStore implements SessionStore {
  readonly #dir: string;
  readonly #now: () => number;
  /** What is on disk, by id: enough to refuse a second open session on a call. */
  #index: Map<string, { callSid: string; open: boolean }> | undefined;
  /** One write at a time per session, in call order, so an older state never lands last. */
  readonly #tails = new Map<string, Promise<void>>();
  /** The state each session's next write will hold, while that write waits for the one before it. */
  readonly #waiting = new Map<string, PendingWrite>();
  /** Files that could not be read back, kept aside under `.unreadable` (for the log). */
  readonly setAside: string[] = [];

  constructor(dir: string, now: () => number = Date.now) {
    this.#dir = dir;
    this.#now = now;
  }

  async load(): Promise<PaymentSession[]> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const index = new Map<string, { callSid: string; open: boolean }>();
    const sessions: PaymentSession[] = [];
    for (const name of (await readdir(this.#dir)).sort()) {
      const path = join(this.#dir, name);
      if (name.endsWith('.tmp')) {
        // A write cut short by a crash: the renamed file beside it is the state that counts.
        await rm(path, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const session = await this.#read(path);
      if (!session) continue;
      const finished = isTerminal(session.phase);
      if (finished && this.#now() - Date.parse(session.updatedAt) > KEEP_FINISHED_MS) {
        await rm(path, { force: true });
        continue;
      }
      index.set(session.id, { callSid: session.callSid, open: !finished });
      sessions.push(session);
    }
    this.#index = index;
    return sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  save(session: PaymentSession): Promise<void> {
    // Checked in call order, against what earlier saves will have written, before any write lands.
    const checked = this.#indexReady().then((index) => this.#claim(index, session));
    const previous = this.#tails.get(session.id) ?? Promise.resolve();
    // A state saved while an earlier one is still waiting its turn replaces it: a burst of keypresses
    // becomes one write of the newest state, and each save resolves once a state as new is on disk.
    const waiting = this.#waiting.get(session.id);
    if (waiting) {
      waiting.session = session;
      waiting.checked = checked;
      return Promise.all([checked, waiting.written]).then(() => undefined);
    }
    const next: PendingWrite = { session, checked, written: Promise.resolve() };
    next.written = previous.then(async () => {
      if (this.#waiting.get(session.id) === next) this.#waiting.delete(session.id);
      // The newest state's own check: a state refused there is not written, nor the ones it replaced.
      await next.checked;
      await this.#write(next.session);
    });
    this.#waiting.set(session.id, next);
    const settled = next.written.catch(() => undefined);
    this.#tails.set(session.id, settled);
    void settled.then(() => {
      if (this.#tails.get(session.id) === settled) this.#tails.delete(session.id);
    });
    return Promise.all([checked, next.written]).then(() => undefined);
  }

  #claim(index: Map<string, { callSid: string; open: boolean }>, session: PaymentSession): void {
    if (!SAFE_ID.test(session.id))
      throw new AppError('invalid_argument', 'A payment session id may only hold letters, digits, - and _.');
    const unfinished = !isTerminal(session.phase);
    const other =
      unfinished &&
      [...index].find(([id, s]) => id !== session.id && s.open && s.callSid === session.callSid);
    if (other) {
      throw new AppError(
        'session_open',
        'A payment is already open on this call. Finish or cancel it first.',
      );
    }
    index.set(session.id, { callSid: session.callSid, open: unfinished });
  }

  async #write(session: PaymentSession): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const path = join(this.#dir, `${session.id}.json`);
    const temp = `${path}.${randomUUID()}.tmp`;
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(session));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    await syncDir(this.#dir);
  }

  #loading: Promise<unknown> | undefined;
  async #indexReady() {
    if (this.#index) return this.#index;
    await (this.#loading ??= this.load());
    return this.#index!;
  }

  async #read(path: string): Promise<PaymentSession | undefined> {
    try {
      const parsed = PaymentSession.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Unreadable JSON is set aside below, like a file that does not match the schema.
    }
    const aside = `${path}.unreadable`;
    await rename(path, aside);
    this.setAside.push(aside);
    return undefined;
  }
}

/** Makes a rename durable: the directory entry itself is synced (a no-op where unsupported). */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a directory for syncing; its rename is already durable enough.
  }
}
