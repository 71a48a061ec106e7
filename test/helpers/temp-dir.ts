import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where tests write files, inside the repository so the card-data scan can read them all. */
export const TEST_OUTPUT = resolve(import.meta.dirname, '../../test-results');

/**
 * A fresh folder under test-results/tmp. Its cleanup removes it, except in `npm test`, which keeps
 * every file the tests wrote until the card-data tripwire has scanned them.
 */
export async function tempDir(prefix = 'run-') {
  const base = join(TEST_OUTPUT, 'tmp');
  await mkdir(base, { recursive: true });
  const path = await mkdtemp(join(base, prefix));
  const keep = process.env.CALLPAY_KEEP_TEST_FILES === '1';
  return { path, cleanup: () => (keep ? Promise.resolve() : rm(path, { recursive: true, force: true })) };
}
