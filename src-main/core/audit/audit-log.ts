import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { AuditVerification } from '@shared/api/audit';
import {
  cleanDetails,
  entryHash,
  GENESIS,
  type AuditAction,
  type AuditDetails,
  type AuditEntry,
} from './entry';

export interface AuditRecord {
  agent: string;
  action: AuditAction;
  sessionId: string;
  callSid: string;
  paymentSid?: string;
  details?: AuditDetails;
}

/**
 * The audit log: one JSON line per entry, each chained to the one before by SHA-256, so any edit,
 * removal or reordering shows up in `verify`. Only ever appended to.
 */
export class AuditLog {
  readonly file: string;
  readonly #now: () => Date;
  #tail: Promise<{ seq: number; hash: string }> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(file: string, now: () => Date = () => new Date()) {
    this.file = file;
    this.#now = now;
  }

  /** Appends one entry; writes are serialised so the chain never forks. */
  append(record: AuditRecord): Promise<AuditEntry> {
    const write = this.#queue.then(async () => {
      this.#tail ??= readTail(this.file);
      const tail = await this.#tail;
      const body: Omit<AuditEntry, 'hash'> = {
        seq: tail.seq + 1,
        at: this.#now().toISOString(),
        agent: record.agent,
        action: record.action,
        sessionId: record.sessionId,
        callSid: record.callSid,
        ...(record.paymentSid === undefined ? {} : { paymentSid: record.paymentSid }),
        details: cleanDetails(record.details ?? {}),
        prev: tail.hash,
      };
      const entry: AuditEntry = { ...body, hash: entryHash(body) };
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      this.#tail = Promise.resolve({ seq: entry.seq, hash: entry.hash });
      return entry;
    });
    // One failed write must not wedge the ones after it.
    this.#queue = write.catch(() => undefined);
    return write;
  }

  /** Resolves once every append so far has reached the file. */
  async flush(): Promise<void> {
    await this.#queue;
  }

  /** Reads the whole file and reports the first place the chain breaks. */
  async verify(): Promise<AuditVerification> {
    await this.#queue;
    return verifyAuditFile(this.file);
  }
}

/** Checks every line: valid JSON, sequence, link to the previous hash, and its own hash. */
export async function verifyAuditFile(file: string): Promise<AuditVerification> {
  const lines = await readLines(file);
  let prev = GENESIS;
  for (const [index, line] of lines.entries()) {
    const broken = (reason: string): AuditVerification => ({
      ok: false,
      entries: index,
      brokenAt: { line: index + 1, reason },
      file,
    });
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      return broken('The line is not valid JSON.');
    }
    if (entry.seq !== index + 1) return broken(`Expected entry ${index + 1} but found ${String(entry.seq)}.`);
    if (entry.prev !== prev)
      return broken('The link to the previous entry does not match (an entry was removed or changed).');
    const { hash, ...body } = entry;
    if (entryHash(body) !== hash) return broken('The entry was changed after it was written.');
    prev = hash;
  }
  return { ok: true, entries: lines.length, file };
}

async function readLines(file: string): Promise<string[]> {
  try {
    const text = await readFile(file, 'utf8');
    return text.split('\n').filter((l) => l.length > 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readTail(file: string): Promise<{ seq: number; hash: string }> {
  const lines = await readLines(file);
  const last = lines.at(-1);
  if (last === undefined) return { seq: 0, hash: GENESIS };
  try {
    const entry = JSON.parse(last) as Partial<AuditEntry>;
    if (typeof entry.hash === 'string' && typeof entry.seq === 'number')
      return { seq: entry.seq, hash: entry.hash };
  } catch {
    // Fall through: chain on from the damaged line's own digest, so verify still points at it.
  }
  return { seq: lines.length, hash: createHash('sha256').update(last).digest('hex') };
}
