import { open, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What opening the log found at its end. */
export interface TailRepair {
  /** The file's length once it ends on a complete line. */
  size: number;
  /** Where a torn last line was kept aside, if there was one. */
  keptAs?: string;
  /** True when the last line was whole but for its newline, and the newline was added. */
  completed?: boolean;
}

/** Writes bytes to a new file and syncs it: the one copy of what was cut must reach the disk. */
async function writeAside(path: string, bytes: Buffer) {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Syncs a folder, so a new or shortened file's entry survives a power cut too. */
export async function syncDir(dir: string) {
  const handle = await open(dir, 'r').catch(() => undefined);
  // Some platforms (Windows) cannot open a folder; the file's own sync is then all there is.
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/**
 * Makes the log end on a complete line. A last line without its newline (power cut, full disk) is
 * completed when `whole` accepts it as the next entry, and otherwise moved to `<file>.torn-<time>`
 * beside the log and cut off, so later appends start on a line of their own.
 */
export async function repairTornTail(
  file: string,
  whole: (line: string) => boolean,
  now: () => Date,
): Promise<TailRepair> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0 };
    throw error;
  }
  try {
    const bytes = await handle.readFile();
    if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return { size: bytes.length };
    const cut = bytes.lastIndexOf(0x0a) + 1;
    const torn = bytes.subarray(cut);
    if (whole(torn.toString('utf8'))) {
      await handle.write('\n', bytes.length);
      await handle.sync();
      return { size: bytes.length + 1, completed: true };
    }
    const keptAs = `${file}.torn-${now().toISOString().replace(/[:.]/g, '-')}`;
    await writeAside(keptAs, torn);
    await handle.truncate(cut);
    await handle.sync();
    await syncDir(dirname(file));
    return { size: cut, keptAs };
  } finally {
    await handle.close();
  }
}

/** Cuts the file back to the length it had after its last good append (a failed one may have torn it). */
export async function cutBackTo(file: string, size: number) {
  await truncate(file, size).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT' || size > 0) throw error;
  });
}
