import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface RotationOptions {
  /** Size at which the current file is rotated. */
  maxBytes: number;
  /** Rotated files kept besides the current one (callpay.1.log is the newest). */
  keep: number;
}

const DEFAULTS: RotationOptions = { maxBytes: 5 * 1024 * 1024, keep: 4 };

/** The log files in a folder, newest first: callpay.log, callpay.1.log, … */
export function logFileNames(keep = DEFAULTS.keep): string[] {
  return ['callpay.log', ...Array.from({ length: keep }, (_, i) => `callpay.${i + 1}.log`)];
}

/**
 * A pino destination that appends to callpay.log in the platform's log folder and rotates by size,
 * so logs never grow without bound. Writes are synchronous so the last lines survive a crash.
 */
export class RotatingLogFile {
  readonly #dir: string;
  readonly #options: RotationOptions;
  #size: number;

  constructor(dir: string, options: Partial<RotationOptions> = {}) {
    this.#dir = dir;
    this.#options = { ...DEFAULTS, ...options };
    mkdirSync(dir, { recursive: true });
    const current = join(dir, 'callpay.log');
    this.#size = existsSync(current) ? statSync(current).size : 0;
  }

  write(line: string) {
    const bytes = Buffer.byteLength(line);
    if (this.#size > 0 && this.#size + bytes > this.#options.maxBytes) this.#rotate();
    appendFileSync(join(this.#dir, 'callpay.log'), line, { mode: 0o600 });
    this.#size += bytes;
  }

  #rotate() {
    const names = logFileNames(this.#options.keep).map((name) => join(this.#dir, name));
    rmSync(names.at(-1)!, { force: true });
    for (let i = names.length - 2; i >= 0; i--) {
      if (existsSync(names[i]!)) renameSync(names[i]!, names[i + 1]!);
    }
    this.#size = 0;
  }
}
