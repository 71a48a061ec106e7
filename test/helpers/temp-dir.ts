import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where tests write files, inside the repository so the card-data scan can read them all. */
export const TEST_OUTPUT = resolve(import.meta.dirname, '../../test-results');

/** A fresh folder under test-results/tmp, removed by the returned cleanup. */
export async function tempDir(prefix = 'run-') {
  const base = join(TEST_OUTPUT, 'tmp');
  await mkdir(base, { recursive: true });
  const path = await mkdtemp(join(base, prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
