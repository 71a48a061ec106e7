import { readFile, writeFile } from 'node:fs/promises';
import { entryMac, type CheckedPrefix } from './chain';
import { lastCompleteLine } from './line-reader';
import type { AuditEntry } from './entry';

/**
 * Where the last start's check of the chain got to, sealed with the audit key, so the next start
 * checks only what was appended since (the whole chain is still checked, in the background).
 */
export const checkedMarkFile = (file: string) => `${file}.checked`;

const markMac = (key: Buffer, p: CheckedPrefix) =>
  entryMac(key, `checked:${p.bytes}:${p.entries}:${p.seq}:${p.hash}`);

/** The mark, when the key vouches for it and the log still has that entry where it was. */
export async function readCheckedMark(file: string, key: Buffer): Promise<CheckedPrefix | undefined> {
  let mark: CheckedPrefix & { mac?: string };
  try {
    mark = JSON.parse(await readFile(checkedMarkFile(file), 'utf8')) as CheckedPrefix & { mac?: string };
  } catch {
    return undefined;
  }
  const { mac, ...prefix } = mark;
  if (typeof prefix.bytes !== 'number' || prefix.bytes <= 0 || mac !== markMac(key, prefix)) return undefined;
  const last = await lastCompleteLine(file, prefix.bytes).catch(() => undefined);
  if (last?.end !== prefix.bytes) return undefined;
  try {
    const entry = JSON.parse(last.line) as Partial<AuditEntry>;
    return entry.seq === prefix.seq && entry.hash === prefix.hash ? prefix : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers how far the chain was found intact (a derived hint: losing it costs one full check). */
export async function writeCheckedMark(file: string, key: Buffer, prefix: CheckedPrefix): Promise<void> {
  const mark = { ...prefix, mac: markMac(key, prefix) };
  await writeFile(checkedMarkFile(file), `${JSON.stringify(mark)}\n`, { mode: 0o600 }).catch(() => undefined);
}
