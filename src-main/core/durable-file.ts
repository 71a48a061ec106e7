// Making a file's new or renamed entry in its folder survive a power cut (settings' writeFileAtomic
// replaces a file's contents in one step).
import { open } from 'node:fs/promises';

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
