import type { EventName } from '@shared/api';
import type { Database, Queryable } from '../db';

/** NOTIFY channel: the number of each event appended to the log (the row is the truth). */
export const TEAM_EVENT_CHANNEL = 'callpay_team_event';

/** The events the team numbers; the rest (this instance's status, softphone) go unnumbered. */
export const TEAM_EVENT_NAMES: ReadonlySet<string> = new Set<EventName>(['payments.session']);

/** One event as the link sends it: the AppApi event with its team sequence number. */
export interface SequencedEvent {
  seq: number;
  name: EventName;
  payload: unknown;
}

/** What a reconnecting client is owed: the events after its number, or "read state afresh". */
export type Resume = { resumed: true; events: SequencedEvent[] } | { resumed: false; events: [] };

/** A follower's start: the replay and the number to greet with; `live()` then sends what came since. */
export type Following = Resume & { seq: number; live(): void; stop(): void };

export interface TeamEventLogOptions {
  /** Rows older than this are pruned (default a day): a device away longer reads state afresh. */
  maxAgeMs?: number;
  /** At most this many rows are kept (default 100,000). */
  maxEvents?: number;
  /** How often this instance prunes (default 60 s). */
  pruneEveryMs?: number;
  /** How often the log is read with no notification, in case one was lost (default 2 s). */
  pollMs?: number;
  now?: () => Date;
  /** What a device is sent for a row's payload (the core opens sealed saved cards). */
  view?: (name: EventName, payload: unknown) => unknown;
}

/** The statement's placeholders (`$n`) for each of an event's values. */
export interface EventPlaceholders {
  name: string;
  ref: string;
  /** JSON text. */
  payload: string;
  at: string;
  origin: string;
  /** TEAM_EVENT_CHANNEL. */
  channel: string;
}

/**
 * The SQL that numbers one event and appends it, after `guard`: a CTE named `guard` that yields a
 * row when the event is to be written (the change it reports), or `guard as (select true)`. The
 * number is taken from the team's counter row, whose lock the statement holds until it commits, so
 * numbers commit one at a time across the team and in order: a reader that has seen N has seen
 * every number below it. The row is announced on TEAM_EVENT_CHANNEL at commit; the statement
 * yields its number, or no row when `guard` yielded none.
 */
export function numberedEventSql(guard: string, $: EventPlaceholders): string {
  return `with ${guard},
    numbered as (update team_event_counter set seq = seq + 1 where exists (select 1 from guard) returning seq),
    event as (
      insert into team_events (seq, name, ref, payload, created_at, origin)
        select seq, ${$.name}, ${$.ref}, ${$.payload}::jsonb, ${$.at}, ${$.origin} from numbered
      returning seq
    )
    select seq, pg_notify(${$.channel}, seq::text) from event`;
}

/** Appends an event (on its own, or inside the caller's transaction), numbered for the team. */
export async function appendTeamEvent(
  q: Queryable,
  event: { name: EventName; ref: string; payload: unknown; origin?: string },
  at: Date,
): Promise<void> {
  const sql = numberedEventSql('guard as (select true)', {
    name: '$1',
    ref: '$2',
    payload: '$3',
    at: '$4',
    origin: '$5',
    channel: '$6',
  });
  await q.query(sql, [
    event.name,
    event.ref,
    JSON.stringify(event.payload),
    at,
    event.origin ?? '',
    TEAM_EVENT_CHANNEL,
  ]);
}

/** A row of the log as stored, before any view: what an instance follows other instances' changes by. */
export interface TeamEventRow {
  seq: number;
  name: EventName;
  ref: string;
  /** The instance that wrote it. */
  origin: string;
  payload: unknown;
}

interface Row {
  seq: unknown;
  name: EventName;
  ref: string;
  origin: string;
  payload: unknown;
}

/**
 * The team's numbered events as this instance follows them: read from `team_events` on each
 * notification (and every `pollMs`, so a lost one costs a moment, not an event), handed to every
 * follower in order. A device resumes from its last number on any instance while the log still
 * holds the next one; otherwise it is told to read state afresh. `epoch` is the team's id.
 */
export class TeamEventLog {
  readonly #db: Database;
  readonly #options: TeamEventLogOptions;
  readonly #listeners = new Set<(event: SequencedEvent) => void>();
  readonly #watchers = new Set<(row: TeamEventRow) => void>();
  readonly #timers: NodeJS.Timeout[] = [];
  #stopListening: (() => Promise<void>) | undefined;
  #seq = 0;
  #reading: Promise<void> | undefined;
  #again = false;

  private constructor(
    db: Database,
    readonly epoch: string,
    options: TeamEventLogOptions,
  ) {
    this.#db = db;
    this.#options = options;
  }

  /** Starts following the log from its newest row. */
  static async open(db: Database, epoch: string, options: TeamEventLogOptions = {}): Promise<TeamEventLog> {
    const log = new TeamEventLog(db, epoch, options);
    const [row] = await db.query<{ newest: unknown }>('select max(seq) as newest from team_events');
    log.#seq = Number(row?.newest ?? 0);
    // Listening again after a lost connection: the rows announced meanwhile are read now.
    log.#stopListening = await db.listen(
      TEAM_EVENT_CHANNEL,
      // The payload is the number: one already read (with an earlier one's rows) needs no read.
      (payload) => void (Number(payload) <= log.#seq || log.#pull()),
      () => log.#pull(),
    );
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      log.#timers.push(timer);
    };
    every(options.pollMs ?? 2_000, () => log.#pull());
    every(options.pruneEveryMs ?? 60_000, () => void log.prune().catch(() => undefined));
    return log;
  }

  /** The last number handed to followers. */
  get seq(): number {
    return this.#seq;
  }

  /**
   * Starts `listener` on every event from now on (held until `live()`) and reads what came after
   * `after` in `epoch`, so nothing falls between the replay and the live events, and nothing twice.
   */
  async follow(
    listener: (event: SequencedEvent) => void,
    after?: { epoch: string; seq: number },
  ): Promise<Following> {
    const held: SequencedEvent[] = [];
    let live = false;
    let last = 0;
    const deliver = (event: SequencedEvent) => {
      if (event.seq <= last) return;
      last = event.seq;
      listener(event);
    };
    const onEvent = (event: SequencedEvent) => (live ? deliver(event) : held.push(event));
    this.#listeners.add(onEvent);
    const stop = () => void this.#listeners.delete(onEvent);
    let resume: Resume;
    try {
      resume = await this.#since(after);
    } catch (error) {
      stop();
      throw error;
    }
    last = resume.resumed ? Math.max(after!.seq, resume.events.at(-1)?.seq ?? 0) : this.#seq;
    return {
      ...resume,
      seq: Math.max(last, this.#seq),
      live: () => {
        live = true;
        for (const event of held.splice(0)) deliver(event);
      },
      stop,
    };
  }

  /** Calls `watcher` with each row as stored, in order, from now on; returns a function that stops it. */
  watch(watcher: (row: TeamEventRow) => void): () => void {
    this.#watchers.add(watcher);
    return () => void this.#watchers.delete(watcher);
  }

  /** Deletes rows past the age or count kept, always keeping the newest (it carries the number on). */
  async prune(): Promise<void> {
    const now = (this.#options.now ?? (() => new Date()))();
    await this.#db.query(
      `delete from team_events where seq < (select max(seq) from team_events)
         and (created_at < $1 or seq <= (select max(seq) from team_events) - $2)`,
      [
        new Date(now.getTime() - (this.#options.maxAgeMs ?? 24 * 60 * 60 * 1000)),
        this.#options.maxEvents ?? 100_000,
      ],
    );
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#listeners.clear();
    this.#watchers.clear();
    await this.#stopListening?.();
    await this.#reading;
  }

  async #since(after: { epoch: string; seq: number } | undefined): Promise<Resume> {
    if (!after || after.epoch !== this.epoch) return { resumed: false, events: [] };
    // The rows first, then the bounds: a prune between the two shows as a raised oldest number.
    const rows = await this.#db.query<Row>(
      'select seq, name, ref, origin, payload from team_events where seq > $1 order by seq',
      [after.seq],
    );
    const [bounds] = await this.#db.query<{ oldest: unknown; newest: unknown }>(
      'select min(seq) as oldest, max(seq) as newest from team_events',
    );
    const newest = Number(bounds?.newest ?? 0);
    const oldest = bounds?.oldest == null ? newest + 1 : Number(bounds.oldest);
    // From further back than the log holds (its next event pruned), or from a number never given out.
    if (after.seq + 1 < oldest || after.seq > newest) return { resumed: false, events: [] };
    return { resumed: true, events: rows.map((row) => this.#event(row)) };
  }

  #event(row: Row): SequencedEvent {
    const payload = this.#options.view ? this.#options.view(row.name, row.payload) : row.payload;
    return { seq: Number(row.seq), name: row.name, payload };
  }

  /** Reads the rows after the last one handed out; a call while reading reads once more after. */
  #pull(): void {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        const rows = await this.#db.query<Row>(
          'select seq, name, ref, origin, payload from team_events where seq > $1 order by seq limit 1000',
          [this.#seq],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          this.#seq = seq;
          for (const watcher of this.#watchers) watcher({ ...row, seq });
          if (this.#listeners.size === 0) continue;
          const event = this.#event(row);
          for (const listener of this.#listeners) listener(event);
        }
        if (rows.length === 1000) this.#again = true;
      } while (this.#again);
    })()
      // The database is away: the next notification or poll reads again.
      .catch(() => undefined)
      .finally(() => (this.#reading = undefined));
  }
}
