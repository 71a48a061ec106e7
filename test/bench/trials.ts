// How the benchmark repeats itself, so a figure means the same thing twice: warm-up rounds are thrown
// away, each figure is the median of several rounds, and each round runs the subject beside its baseline.
import { percentile, round } from './stats';

/** Rounds per figure and samples per latency run; BENCH_RUNS / BENCH_SAMPLES shorten a smoke run. */
export const TRIALS = {
  runs: wholeNumber(process.env.BENCH_RUNS, 5, 1),
  warmups: wholeNumber(process.env.BENCH_WARMUPS, 1, 0),
  samples: wholeNumber(process.env.BENCH_SAMPLES, 10_000, 1),
};

/** True when the environment asked for fewer rounds, warm-ups or samples than a trustworthy figure needs. */
export const shortened = TRIALS.runs < 5 || TRIALS.samples < 10_000 || TRIALS.warmups < 1;

/** A figure over its rounds: the median is the figure; min and max show how far the rounds moved. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[], digits = 2): Spread {
  return {
    median: round(percentile(values, 50), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
  };
}

/** The JSON keys of one figure: `key` (the median), `keyMin` and `keyMax`. */
export function spreadKeys(key: string, s: Spread): Record<string, number> {
  return { [key]: s.median, [`${key}Min`]: s.min, [`${key}Max`]: s.max };
}

/** "median (min–max)" for the table. */
export const shown = (s: Spread) => `${s.median} (${s.min}–${s.max})`;

/**
 * Runs `warmups` unrecorded rounds, then `runs` recorded ones. Each round measures the baseline and the
 * subject back to back, taking turns at going first, so a change in the machine's load lands on both.
 * Each is told whether its round is a warm-up (one that may be shorter).
 */
export async function alternate<T>(
  baseline: (warmup: boolean) => Promise<T>,
  subject: (warmup: boolean) => Promise<T>,
  runs = TRIALS.runs,
  warmups = TRIALS.warmups,
): Promise<{ baseline: T[]; subject: T[] }> {
  const out = { baseline: [] as T[], subject: [] as T[] };
  for (let i = 0; i < warmups + runs; i++) {
    const baseFirst = i % 2 === 0;
    const first = await (baseFirst ? baseline : subject)(i < warmups);
    const second = await (baseFirst ? subject : baseline)(i < warmups);
    if (i < warmups) continue;
    out.baseline.push(baseFirst ? first : second);
    out.subject.push(baseFirst ? second : first);
  }
  return out;
}

/** `warmups` unrecorded rounds, then `runs` recorded ones, for a figure with no baseline. */
export async function repeat<T>(run: () => Promise<T>, runs = TRIALS.runs, warmups = TRIALS.warmups) {
  const out: T[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const value = await run();
    if (i >= warmups) out.push(value);
  }
  return out;
}

function wholeNumber(text: string | undefined, fallback: number, least: number): number {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(n) && n >= least ? n : fallback;
}
