import type { CommandName } from '@shared/api';
import type { Envelope } from '@shared/api';
import type { Database } from '../db';

/** Commands that only read: running one twice changes nothing, so they are not kept (a Voice token least of all). */
const REPEATABLE: ReadonlySet<CommandName> = new Set<CommandName>([
  'app.status',
  'settings.get',
  'settings.secrets',
  'payments.get',
  'audit.verify',
  'calls.list',
  'history.list',
  'sandbox.testCards',
  'sandbox.callStatus',
  'phone.token',
  'setup.readiness',
  'team.status',
]);

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LedgerOptions {
  now?: () => Date;
  /** How long a retry waits for the first attempt's answer when another instance is running it. */
  waitMs?: number;
  pollMs?: number;
}

const interrupted: Envelope = {
  ok: false,
  error: {
    code: 'command_interrupted',
    message:
      'Callpay Server was interrupted while doing that. Check the payment on screen before trying again.',
  },
};

/**
 * Answers each (device, command id) once: the first attempt runs and its answer is kept a day; a
 * retry, here or on another instance, gets that answer back and runs nothing. The database row
 * is the claim, so two attempts at the same moment still run the command once.
 */
export class CommandLedger {
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #waitMs: number;
  readonly #pollMs: number;
  readonly #running = new Map<string, Promise<Envelope>>();
  #prunedAt = 0;

  constructor(db: Database, options: LedgerOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#waitMs = options.waitMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 100;
  }

  /** Runs `run` unless this device already sent `commandId`; either way returns the one answer. */
  async once(
    deviceId: string,
    commandId: string | undefined,
    name: string,
    run: () => Promise<Envelope>,
  ): Promise<Envelope> {
    if (commandId === undefined || REPEATABLE.has(name as CommandName)) return run();
    const key = `${deviceId}\u0000${commandId}`;
    const here = this.#running.get(key);
    if (here) return here;
    const answer = this.#claimAndRun(deviceId, commandId, name, run);
    this.#running.set(key, answer);
    try {
      return await answer;
    } finally {
      this.#running.delete(key);
    }
  }

  async #claimAndRun(deviceId: string, commandId: string, name: string, run: () => Promise<Envelope>) {
    const now = this.#now();
    await this.#prune(now);
    const claimed = await this.#db.query(
      `insert into link_commands (device_id, command_id, name, created_at) values ($1, $2, $3, $4)
       on conflict do nothing returning command_id`,
      [deviceId, commandId, name, now],
    );
    if (claimed.length === 0) return this.#firstAnswer(deviceId, commandId, name);
    const envelope = await run();
    await this.#db.query('update link_commands set envelope = $3 where device_id = $1 and command_id = $2', [
      deviceId,
      commandId,
      JSON.stringify(envelope),
    ]);
    return envelope;
  }

  async #firstAnswer(deviceId: string, commandId: string, name: string): Promise<Envelope> {
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      const [row] = await this.#db.query<{ name: string; envelope: Envelope | string | null }>(
        'select name, envelope from link_commands where device_id = $1 and command_id = $2',
        [deviceId, commandId],
      );
      if (row && row.name !== name) {
        return {
          ok: false,
          error: {
            code: 'command_id_reused',
            message: 'That request id was already used for another command.',
          },
        };
      }
      if (row?.envelope != null)
        return typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as Envelope) : row.envelope;
      if (Date.now() >= deadline) return interrupted;
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
  }

  // Answers are kept a day: long enough for any retry, short enough to stay small.
  async #prune(now: Date) {
    if (now.getTime() - this.#prunedAt < 10 * 60 * 1000) return;
    this.#prunedAt = now.getTime();
    await this.#db.query('delete from link_commands where created_at < $1', [
      new Date(now.getTime() - DAY_MS),
    ]);
  }
}
