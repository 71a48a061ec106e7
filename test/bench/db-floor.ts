// The database's own share of a team callback: what any design that keeps the state in PostgreSQL
// and tells the other instances with LISTEN/NOTIFY must pay, with nothing of Callpay's in it.
import pg from 'pg';
import { performance } from 'node:perf_hooks';

export interface DbFloor {
  /** `count` samples (ms): a row committed with its announcement on one connection, to the same row read on another once the announcement arrived there. */
  measure(count: number): Promise<number[]>;
  close(): Promise<void>;
}

const CHANNEL = 'callpay_bench_floor';

/**
 * Opens the floor on `url`: a table of its own, a writer, a listener and a reader connection (the
 * team's instances each hold a pool and a listening connection alike). Each sample writes `payload`
 * (a session's JSON, as the team's save does) in one statement that commits and notifies, and ends
 * when the reader has the row back, as the following instance reads `team_events`.
 */
export async function openDbFloor(url: string, payload: unknown): Promise<DbFloor> {
  const client = () => new pg.Client({ connectionString: url });
  const [writer, listener, reader] = [client(), client(), client()];
  for (const c of [writer, listener, reader]) await c.connect();
  await writer.query(
    'create table if not exists bench_floor (seq bigserial primary key, payload jsonb not null)',
  );
  await listener.query(`listen ${CHANNEL}`);
  const json = JSON.stringify(payload);
  let arrived: ((at: number) => void) | undefined;
  listener.on('notification', (message) => {
    void reader
      .query('select payload from bench_floor where seq = $1', [Number(message.payload)])
      .then(() => arrived?.(performance.now()));
  });
  return {
    async measure(count) {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const read = new Promise<number>((resolve) => (arrived = resolve));
        const t0 = performance.now();
        await writer.query(
          `with e as (insert into bench_floor (payload) values ($1::jsonb) returning seq)
           select pg_notify('${CHANNEL}', seq::text) from e`,
          [json],
        );
        samples.push((await read) - t0);
      }
      await writer.query('truncate bench_floor');
      return samples;
    },
    async close() {
      await writer.query('drop table if exists bench_floor');
      await Promise.all([writer, listener, reader].map((c) => c.end()));
    },
  };
}
