// History at scale: 100,000 finished payments in the audit log, made through the log's own append.
// Measures the core's start with that history, History's first page, and a filter. The fixture is
// made once and kept under node_modules/.cache (it takes minutes); later runs reuse it.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '../../src-main/core/audit';
import { createCore } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';
import { appendPayments } from '../helpers/history-fixture';
import { round } from './stats';
import { spread, spreadKeys } from './trials';

const PAYMENTS = Number(process.env.CALLPAY_BENCH_HISTORY_PAYMENTS ?? 100_000);
const root = resolve(import.meta.dirname, '../..');
const fixtureDir = join(root, 'node_modules/.cache/callpay-bench', `history-${PAYMENTS}`);

/** Makes (once) a data folder whose audit log holds PAYMENTS finished payments. */
export async function historyFixture(say: (line: string) => void = () => undefined): Promise<string> {
  const done = join(fixtureDir, 'fixture-complete');
  if (existsSync(done)) return fixtureDir;
  await rm(fixtureDir, { recursive: true, force: true });
  await mkdir(fixtureDir, { recursive: true });
  const log = new AuditLog(join(fixtureDir, 'audit.jsonl'));
  const t0 = performance.now();
  for (let from = 0; from < PAYMENTS; from += 10_000) {
    await appendPayments(log, from, Math.min(10_000, PAYMENTS - from), 500);
    say(
      `history fixture: ${from + 10_000} of ${PAYMENTS} payments (${round((performance.now() - t0) / 1000, 0)} s)`,
    );
  }
  await log.flush();
  log.close();
  await writeFile(done, `${PAYMENTS}\n`);
  return fixtureDir;
}

const stats = (name: string, samples: number[], digits = 1) => spreadKeys(name, spread(samples, digits));

/**
 * Starts the core on the fixture `runs` times: start to ready, then History's first page (100 rows)
 * and one filter (result and text), each through the AppApi. The first start (which builds the
 * index from the log) is warm-up, not counted.
 */
export async function benchHistory(
  runs = Number(process.env.CALLPAY_BENCH_HISTORY_RUNS ?? 5),
  say: (line: string) => void = () => undefined,
): Promise<Record<string, number>> {
  const dataDir = await historyFixture(say);
  const starts: number[] = [];
  const opens: number[] = [];
  const filters: number[] = [];
  const loads: number[] = [];
  for (let run = -1; run < runs; run++) {
    const t0 = performance.now();
    const core = await createCore({ dataDir, version: 'bench', log: createLog({ level: 'silent' }) });
    const t1 = performance.now();
    const open = await core.api.dispatch('history.list', { limit: 100 });
    const t2 = performance.now();
    // A filter is typed after the first rows are read: by then the index is in memory.
    await core.history.warm();
    const t2b = performance.now();
    const filter = await core.api.dispatch('history.list', {
      limit: 100,
      outcome: 'succeeded',
      query: '4444',
    });
    const t3 = performance.now();
    if (!open.ok || !filter.ok) throw new Error('history.list failed in the bench');
    const { entries } = open.value as { entries: unknown[] };
    if (entries.length !== 100) throw new Error(`history.list gave ${entries.length} rows, not 100`);
    await core.stop();
    if (run < 0) continue;
    starts.push(t1 - t0);
    opens.push(t2 - t1);
    filters.push(t3 - t2b);
    loads.push(t2b - t1);
  }
  return {
    ...stats('coldStartWithHistoryMs', starts),
    ...stats('historyOpenMs', opens),
    ...stats('historyFilterMs', filters),
    ...stats('historyIndexLoadMs', loads),
  };
}

/** The rows this part adds to the bench's table. */
export function historyRows(result: Record<string, number>) {
  const range = (k: string) =>
    `median after a warm-up start; min ${result[`${k}Min`]}, max ${result[`${k}Max`]}`;
  return [
    [
      'coldStartWithHistoryMs',
      result.coldStartWithHistoryMs,
      `createCore to ready with ${PAYMENTS} payments in the log, ${range('coldStartWithHistoryMs')} (target ≤ 300)`,
    ],
    [
      'historyOpenMs',
      result.historyOpenMs,
      `first history.list (100 rows) after ready, ${range('historyOpenMs')} (target ≤ 100)`,
    ],
    [
      'historyFilterMs',
      result.historyFilterMs,
      `history.list filtered by result and text, ${range('historyFilterMs')} (target ≤ 50)`,
    ],
  ] as [string, number, string][];
}
