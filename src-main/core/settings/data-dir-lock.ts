import { unlinkSync } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@shared/api';

/** The lock a running Callpay holds on its data folder; release it when the core stops. */
export interface DataDirLock {
  readonly file: string;
  release(): Promise<void>;
}

const LOCK_NAME = 'callpay.lock';

/** True when a process with this id is running (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means the folder is in use.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const held = (dataDir: string, pid: number) =>
  new AppError(
    'data_dir_in_use',
    `Another Callpay (process ${pid}) is already using the data folder ${dataDir}. ` +
      'Close it first, or start this one with a different data folder.',
  );

/**
 * Takes the data folder for this process: `callpay.lock` holds our PID, created exclusively. Two
 * processes writing one audit log would fork its chain, so a second is refused with a sentence.
 * A lock left by a process that is no longer running (a crash, kill -9) is stale and taken over.
 * One process may open its own folder again (a core restarted in place keeps its PID).
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return locked(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = await ownerOf(file);
    if (owner === undefined) {
      // No PID yet: another process may be between creating the lock and writing to it.
      await new Promise((r) => setTimeout(r, 100));
      owner = await ownerOf(file);
    }
    if (owner === process.pid) return locked(file);
    if (owner !== undefined && alive(owner)) throw held(dataDir, owner);
    // Stale (its process is gone, or it never got a PID): removing and retrying `wx` lets one taker win.
    await unlink(file).catch(() => undefined);
  }
  throw new AppError(
    'data_dir_in_use',
    `Callpay could not take the data folder ${dataDir}: another start is taking it at the same time. Try again.`,
  );
}

async function ownerOf(file: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

// Cores of this process holding each lock file: the file goes when the last one releases it.
const holders = new Map<string, number>();

function locked(file: string): DataDirLock {
  // An exit without stop (an uncaught error) still frees the folder; kill -9 leaves it stale.
  const onExit = () => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);
  holders.set(file, (holders.get(file) ?? 0) + 1);
  let released = false;
  return {
    file,
    release: async () => {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      const left = (holders.get(file) ?? 1) - 1;
      if (left > 0) return void holders.set(file, left);
      holders.delete(file);
      await unlink(file).catch(() => undefined);
    },
  };
}
