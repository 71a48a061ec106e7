import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { AuditVerification } from '@shared/api';
import { entryHash, GENESIS, type AuditEntry } from './entry';
import { lineBatches } from './line-reader';

/**
 * The seal on one entry: HMAC-SHA256 of its hash with the audit key. Because each hash covers the
 * previous one, the seals anchor the whole chain: rewriting any entry, even with every hash
 * recomputed, fails verify unless the writer also holds the key.
 *
 * What it does not prove: that the newest entries were not cut off the end (truncation leaves a
 * valid shorter chain), or anything against someone who can read the key (the same OS user, when
 * the key is the 0600 file beside the log; code running in the user's keychain session otherwise).
 */
export function entryMac(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash).digest('hex');
}

/** Where the chain stands after a line: its sequence number and hash. */
export interface ChainTail {
  seq: number;
  hash: string;
}

export const START: ChainTail = { seq: 0, hash: GENESIS };

/**
 * A log written before entries were sealed: its first `entries` lines carry no seal. The mark is
 * sealed itself (with the key, over the count and the last such hash), made once when sealing
 * begins, so a file rewritten later with its seals stripped still fails verify.
 */
export interface UnsealedStart {
  entries: number;
  hash: string;
  mac: string;
}

/** Where a log's unsealed-start mark is kept: beside it. */
export const unsealedStartFile = (file: string) => `${file}.unsealed-start`;

const startMac = (key: Buffer, entries: number, hash: string) =>
  entryMac(key, `unsealed-start:${entries}:${hash}`);

/** The log's unsealed-start mark, when it has one that the key vouches for. */
export async function readUnsealedStart(file: string, key: Buffer): Promise<UnsealedStart | undefined> {
  try {
    const mark = JSON.parse(await readFile(unsealedStartFile(file), 'utf8')) as UnsealedStart;
    return sameHex(startMac(key, mark.entries, mark.hash), mark.mac) ? mark : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first time a log is opened with a key: if it starts with entries written before sealing
 * existed, that run is marked (sealed with the key) so verify accepts it and nothing after it.
 */
export async function markUnsealedStart(file: string, key: Buffer, lines: readonly string[]): Promise<void> {
  // A log that starts sealed (every log made since) has nothing to mark: no file to read or write.
  if (lines.length === 0 || lines[0]!.includes('"mac":')) return;
  if (await readUnsealedStart(file, key)) return;
  let entries = 0;
  let hash = GENESIS;
  for (const line of lines) {
    let entry: Partial<AuditEntry>;
    try {
      entry = JSON.parse(line) as Partial<AuditEntry>;
    } catch {
      break;
    }
    if (entry.mac !== undefined || typeof entry.hash !== 'string') break;
    entries++;
    hash = entry.hash;
  }
  if (entries === 0) return;
  const mark: UnsealedStart = { entries, hash, mac: startMac(key, entries, hash) };
  await writeFile(unsealedStartFile(file), `${JSON.stringify(mark)}\n`, { mode: 0o600, flag: 'wx' }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
}

/** Checks one line against the entry before it; returns the entry, or why it does not follow. */
export function checkLine(
  line: string,
  tail: ChainTail,
  key: Buffer | undefined,
  unsealedUpTo = 0,
): { entry: AuditEntry } | { reason: string } {
  let entry: AuditEntry;
  try {
    entry = JSON.parse(line) as AuditEntry;
  } catch {
    return { reason: 'The line is not valid JSON.' };
  }
  if (entry === null || typeof entry !== 'object') return { reason: 'The line is not an audit entry.' };
  const expected = tail.seq + 1;
  if (entry.seq !== expected) return { reason: `Expected entry ${expected} but found ${String(entry.seq)}.` };
  if (entry.prev !== tail.hash)
    return { reason: 'The link to the previous entry does not match (an entry was removed or changed).' };
  const { hash, mac, ...body } = entry;
  if (entryHash(body) !== hash) return { reason: 'The entry was changed after it was written.' };
  const fromBeforeSealing = mac === undefined && entry.seq <= unsealedUpTo;
  if (key !== undefined && !fromBeforeSealing && !sameHex(entryMac(key, hash), mac)) {
    return {
      reason:
        "The entry's seal does not match the audit key: the file was rewritten outside Callpay, " +
        'or the audit key was replaced.',
    };
  }
  return { entry };
}

const sameHex = (a: string, b: unknown) =>
  typeof b === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The complete lines of a log file (a torn last line, with no newline, is left out). */
export async function readCompleteLines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  lines.pop(); // After the last newline: empty, or a torn line that open() sets aside.
  return lines.filter((l) => l.length > 0);
}

/** A run of the log already checked: its length in bytes and lines, and the chain's tail there. */
export interface CheckedPrefix extends ChainTail {
  bytes: number;
  entries: number;
}

/**
 * Checks every line: valid JSON, sequence, link to the previous hash, its own hash, and (given the
 * key) its seal. Without the key the seals are not checked, and `sealChecked` says so.
 */
export async function verifyAuditFile(file: string, key?: Buffer): Promise<AuditVerification> {
  return (await verifyChain(file, key)).result;
}

/**
 * As verifyAuditFile, read a chunk at a time; from `from` on when given (a prefix checked before),
 * and with where the chain stands at the end, for the next check to start from.
 */
export async function verifyChain(
  file: string,
  key?: Buffer,
  from?: CheckedPrefix,
  signal?: AbortSignal,
): Promise<{ result: AuditVerification; checked: CheckedPrefix }> {
  let tail: ChainTail = from ? { seq: from.seq, hash: from.hash } : START;
  let index = from?.entries ?? 0;
  let bytes = from?.bytes ?? 0;
  const sealChecked = key !== undefined;
  const start = key === undefined ? undefined : await readUnsealedStart(file, key);
  const broken = (reason: string) => ({
    result: { ok: false, entries: index, brokenAt: { line: index + 1, reason }, file, sealChecked },
    checked: { ...tail, bytes, entries: index },
  });
  for await (const lines of lineBatches(file, bytes)) {
    for (const { line, end } of lines) {
      if (signal) {
        signal.throwIfAborted();
        // In the background: the app's own work goes in between, a few hundred entries at a time.
        if (index % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const checked = checkLine(line, tail, key, start?.entries);
      // The marked run must end exactly where it ended when it was marked.
      if (start && index + 1 === start.entries && 'entry' in checked && checked.entry.hash !== start.hash) {
        return broken('The entries from before sealing were changed.');
      }
      if ('reason' in checked) return broken(checked.reason);
      tail = { seq: checked.entry.seq, hash: checked.entry.hash };
      index++;
      bytes = end;
    }
  }
  return {
    result: { ok: true, entries: index, file, sealChecked },
    checked: { ...tail, bytes, entries: index },
  };
}

/** One sentence for the agent or the command line about a verification. */
export function describeVerification(result: AuditVerification): string {
  if (!result.ok) {
    return (
      `The audit log ${result.file} is broken at line ${result.brokenAt?.line ?? '?'}: ` +
      `${result.brokenAt?.reason ?? 'unknown problem'} Keep the file as it is for review.`
    );
  }
  const seal = result.sealChecked
    ? 'and every seal matches the audit key'
    : 'but the seals were not checked (no audit key was available)';
  return `The audit log ${result.file} is intact: ${result.entries} entries, each linked to the one before, ${seal}.`;
}
