// Callpay Server's History at scale: finished payments appended through the team's audit log
// (PgAuditLog, in the embedded PGlite), then History's table folded from it and read. The fixture
// is made once and kept under node_modules/.cache (about 7 ms a payment here); later runs reuse it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { auditKeyFile } from '../../src-main/core/audit';
import { migrate, openPglite, type Database } from '../../src-main/server/db';
import { PgAuditLog, PgHistory } from '../../src-main/server/state';
import { appendPayments } from '../helpers/history-fixture';
import { round } from './stats';
import { spread, spreadKeys } from './trials';

const PAYMENTS = Number(process.env.CALLPAY_BENCH_TEAM_HISTORY_PAYMENTS ?? 20_000);
const root = resolve(import.meta.dirname, '../..');
const fixtureDir = join(root, 'node_modules/.cache/callpay-bench', `team-history-${PAYMENTS}`);

/** Makes (once) a PGlite database whose audit_entries hold PAYMENTS finished payments. */
async function teamHistoryFixture(say: (line: string) => void): Promise<string> {
  const done = join(fixtureDir, 'fixture-complete');
  if (existsSync(done)) return fixtureDir;
  await rm(fixtureDir, { recursive: true, force: true });
  await mkdir(join(fixtureDir, 'db'), { recursive: true });
  await writeFile(join(fixtureDir, 'audit.key'), randomBytes(32), { mode: 0o600 });
  const db = await openPglite(join(fixtureDir, 'db'));
  await migrate(db);
  const log = new PgAuditLog(db, { key: auditKeyFile(join(fixtureDir, 'audit.key')) });
  const t0 = performance.now();
  for (let from = 0; from < PAYMENTS; from += 5000) {
    await appendPayments(log, from, Math.min(5000, PAYMENTS - from), 100);
    say(
      `team history fixture: ${from + 5000} of ${PAYMENTS} payments (${round((performance.now() - t0) / 1000, 0)} s)`,
    );
  }
  await log.flush();
  log.close();
  await db.close();
  await writeFile(done, `${PAYMENTS}\n`);
  return fixtureDir;
}

const stats = (name: string, samples: number[], digits = 1) => spreadKeys(name, spread(samples, digits));

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/**
 * `runs` rounds on the fixture, after one warm-up round: the whole log folded into an empty table
 * (an instance's first start, or a change to the folding), then History's first page (100 rows), a
 * filter by result and text, and one agent's first page, each from the folded table.
 */
export async function benchTeamHistory(
  runs = Number(process.env.CALLPAY_BENCH_HISTORY_RUNS ?? 5),
  say: (line: string) => void = () => undefined,
): Promise<Record<string, number>> {
  const dir = await teamHistoryFixture(say);
  const db: Database = await openPglite(join(dir, 'db'));
  const samples = {
    fold: [] as number[],
    open: [] as number[],
    filter: [] as number[],
    agent: [] as number[],
  };
  try {
    for (let run = -1; run < runs; run++) {
      await db.query('update payment_history_state set version = 0');
      const history = new PgHistory(db, { flush: async () => undefined });
      const [, fold] = await timed(() => history.warm());
      const [open, openMs] = await timed(() => history.page({ limit: 100 }));
      const [filtered, filterMs] = await timed(() =>
        history.page({ limit: 100, outcome: 'succeeded', query: '4444' }),
      );
      const [agent, agentMs] = await timed(() => history.page({ limit: 100, agent: 'agent-3' }));
      await history.close();
      if (open.entries.length !== 100 || filtered.entries.length !== 100 || agent.entries.length !== 100)
        throw new Error('The team history bench read fewer than 100 rows a page.');
      if (run < 0) continue;
      samples.fold.push(fold);
      samples.open.push(openMs);
      samples.filter.push(filterMs);
      samples.agent.push(agentMs);
    }
  } finally {
    await db.close();
  }
  return {
    teamHistoryPayments: PAYMENTS,
    ...stats('teamHistoryFoldMs', samples.fold, 0),
    ...stats('teamHistoryOpenMs', samples.open),
    ...stats('teamHistoryFilterMs', samples.filter),
    ...stats('teamHistoryAgentMs', samples.agent),
  };
}

/** The rows this part adds to the bench's table. */
export function teamHistoryRows(result: Record<string, number>) {
  const range = (k: string) =>
    `median after a warm-up round; min ${result[`${k}Min`]}, max ${result[`${k}Max`]}`;
  const n = result.teamHistoryPayments;
  return [
    [
      'teamHistoryFoldMs',
      result.teamHistoryFoldMs,
      `server: ${n} payments' log folded into an empty History table (PGlite), ${range('teamHistoryFoldMs')}`,
    ],
    [
      'teamHistoryOpenMs',
      result.teamHistoryOpenMs,
      `server: History's first page (100 rows) of ${n}, ${range('teamHistoryOpenMs')} (target ≤ 100)`,
    ],
    [
      'teamHistoryFilterMs',
      result.teamHistoryFilterMs,
      `server: filtered by result and text, ${range('teamHistoryFilterMs')} (target ≤ 50)`,
    ],
    [
      'teamHistoryAgentMs',
      result.teamHistoryAgentMs,
      `server: one agent's first page, ${range('teamHistoryAgentMs')} (target ≤ 50)`,
    ],
  ] as [string, number, string][];
}
