// Writing files so that a crash or power cut leaves the old bytes or the new, never half of them.
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

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

/** Replaces `path` with `bytes` (owner-only): written beside it, synced, renamed over it, folder synced. */
export async function replaceDurably(path: string, bytes: string | Buffer) {
  const temp = `${path}.${randomUUID()}.tmp`;
  const file = await open(temp, 'wx', 0o600);
  try {
    await file.writeFile(bytes);
    await file.sync();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  await rename(temp, path);
  await syncDir(dirname(path));
}
