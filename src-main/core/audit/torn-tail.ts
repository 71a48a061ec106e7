import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDir } from '../durable-file';

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
    const { size } = await handle.stat();
    if (size === 0) return { size };
    const end = Buffer.alloc(1);
    await handle.read(end, 0, 1, size - 1);
    if (end[0] === 0x0a) return { size };
    // Only the torn line is read: back from the end to the last newline.
    const cut = await afterLastNewline(handle, size);
    const torn = Buffer.alloc(size - cut);
    await handle.read(torn, 0, torn.length, cut);
    if (whole(torn.toString('utf8'))) {
      await handle.write('\n', size);
      await handle.sync();
      return { size: size + 1, completed: true };
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

/** The offset just past the file's last newline before `size` (0 when it has none). */
async function afterLastNewline(handle: FileHandle, size: number): Promise<number> {
  const chunk = Buffer.alloc(1 << 16);
  for (let position = size; position > 0;) {
    const length = Math.min(chunk.length, position);
    position -= length;
    await handle.read(chunk, 0, length, position);
    const nl = chunk.subarray(0, length).lastIndexOf(0x0a);
    if (nl !== -1) return position + nl + 1;
  }
  return 0;
}
