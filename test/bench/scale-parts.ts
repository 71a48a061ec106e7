// The bench's scale parts (History at scale, the laptop's cost), as one hook for the runner:
// `Object.assign(json, await benchScale(row))`. Each part is in its own file.
import { benchHistory, historyRows } from './history-scale';
import { benchLaptop } from './laptop-cost';
import { benchTeamHistory, teamHistoryRows } from './team-history-scale';

type Row = (name: string, value: number | string, note: string) => void;

export async function benchScale(row: Row, parts: readonly string[] = ['history', 'team-history', 'laptop']) {
  const out: Record<string, number> = {};
  if (parts.includes('history')) {
    const history = await benchHistory();
    for (const [name, value, note] of historyRows(history)) row(name, value, note);
    Object.assign(out, history);
  }
  if (parts.includes('team-history')) {
    const teamHistory = await benchTeamHistory();
    for (const [name, value, note] of teamHistoryRows(teamHistory)) row(name, value, note);
    Object.assign(out, teamHistory);
  }
  if (parts.includes('laptop')) {
    const laptop = await benchLaptop();
    const span = (k: string) => `min ${laptop[`${k}Min`]}, max ${laptop[`${k}Max`]}`;
    const idle = `${laptop.laptopSeconds} s idle in a call`;
    row(
      'laptopCpuRatio',
      laptop.laptopCpuRatio!,
      `console's renderer CPU (every thread) / bare SDK page's, ${idle}, each in its own Chromium, ` +
        `${laptop.laptopConsoleCpuMsPerMin} vs ${laptop.laptopBareCpuMsPerMin} ms a minute, ` +
        `${span('laptopCpuRatio')} (target ≤ 1.25)`,
    );
    row(
      'laptopBrowserCpuRatio',
      laptop.laptopBrowserCpuRatio!,
      `the same, each browser's every process (GPU process's frames, network, browser), ${span('laptopBrowserCpuRatio')}`,
    );
    row(
      'laptopMainThreadRatio',
      laptop.laptopMainThreadRatio!,
      `the same, the renderer's main thread only (its tasks), ${span('laptopMainThreadRatio')}`,
    );
    row(
      'laptopHeapDeltaMb',
      laptop.laptopHeapDeltaMb!,
      `console JS heap − bare page's, ${span('laptopHeapDeltaMb')} (target ≤ 15)`,
    );
    row(
      'coreIdleCpuMsPerMin',
      laptop.coreIdleCpuMsPerMin!,
      `core process CPU per minute, ${idle}, ${span('coreIdleCpuMsPerMin')}`,
    );
    row('coreRssMb', laptop.coreRssMb!, `core process RSS, ${idle}, ${span('coreRssMb')}`);
    Object.assign(out, laptop);
  }
  return out;
}
