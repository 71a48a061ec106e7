// Files that must survive a power cut: a folder's entries (syncDir), and append-only files whose every
// append is on the disk before it counts (DurableAppend: the audit log and the session journal).
// Settings' writeFileAtomic replaces a file's contents in one step.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Syncs a folder, so a new, renamed or shortened file's entry survives a power cut too. */
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
 * Where the platform has it (Linux, macOS), the file is opened so that each write returns once its
 * data is on the disk: one system call for the write and its sync, not two. Elsewhere (Windows)
 * each append is written, then synced.
 */
const SYNCED_WRITES = constants.O_DSYNC;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (SYNCED_WRITES ?? 0);

/**
 * An append-only file kept open between appends. `append` resolves once every byte is on the disk;
 * if it throws, part of the bytes may be there, and the caller cuts back (`truncate`) before the next.
 * `close` before renaming over the file (Windows cannot rename over an open file) and on stop.
 */
export class DurableAppend {
  readonly path: string;
  #handle: FileHandle | undefined;

  constructor(path: string) {
    this.path = path;
  }

  async append(bytes: Buffer): Promise<void> {
    try {
      const handle = await this.#open();
      // writeFile writes every byte (a plain write may write fewer), at the end: the file is opened to append.
      await handle.writeFile(bytes);
      if (SYNCED_WRITES === undefined) await handle.datasync();
    } catch (error) {
      // Opened afresh next time.
      await this.close();
      throw error;
    }
  }

  /** Cuts the file back to `size` bytes (what the last good append left). */
  async truncate(size: number): Promise<void> {
    // The next append's sync makes the new length durable along with its bytes.
    await (await this.#open()).truncate(size);
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  async #open(): Promise<FileHandle> {
    return (this.#handle ??= await open(this.path, APPEND_FLAGS, 0o600));
  }
}
