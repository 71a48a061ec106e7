// npm run test:chaos: the full chaos run; prints one summary line and fails on any broken promise.
import { parseArgs } from 'node:util';
import { tempDir } from '../helpers/temp-dir';
import { runChaos, summaryLine } from './chaos-run';
import { crashSummaryLine, runCrashChaos } from './crash-run';

const { values } = parseArgs({
  options: {
    flows: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '50' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    only: { type: 'string' },
    // Live mode, callbacks through a local tunnel dropped this often (ms); 0 runs in sandbox mode.
    'tunnel-drop-every': { type: 'string', default: '0' },
    'no-faults': { type: 'boolean', default: false },
    // Crash mode: the core runs in a child process killed with SIGKILL this many times.
    crash: { type: 'string', default: '0' },
  },
});
const dir = await tempDir('chaos-cli-');
if (Number(values.crash) > 0) {
  const crashed = await runCrashChaos({
    flows: Number(values.flows),
    concurrency: Number(values.concurrency),
    seed: Number(values.seed),
    dataDir: dir.path,
    restarts: Number(values.crash),
  });
  console.log(`seed=${values.seed}`);
  console.log(crashSummaryLine(crashed));
  process.exit(crashed.doubleCharges + crashed.stuck + crashed.leaks > 0 ? 1 : 0);
}
const summary = await runChaos({
  flows: Number(values.flows),
  concurrency: Number(values.concurrency),
  seed: Number(values.seed),
  dataDir: dir.path,
  onlyFault: values.only,
  noFaults: values['no-faults'],
  tunnelDropEveryMs:
    Number(values['tunnel-drop-every']) > 0 ? Number(values['tunnel-drop-every']) : undefined,
});
console.log(`seed=${values.seed} outcomes=${JSON.stringify(summary.outcomes)}`);
console.log(summaryLine(summary));
const broken =
  summary.duplicates + summary.stuck + summary.leaks + summary.chargedUntold > 0 || !summary.auditOk;
process.exit(broken ? 1 : 0);
