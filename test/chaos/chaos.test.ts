import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { runChaos, summaryLine } from './chaos-run';
import { crashSummaryLine, runCrashChaos } from './crash-run';

// The small run inside npm test; `npm run test:chaos` runs 500 flows.
describe('chaos: payment flows with faults injected', () => {
  it('charges nothing twice, tells the agent how every session ended, keeps the audit chain and leaks no card data', async () => {
    const dir = await tempDir('chaos-');
    const summary = await runChaos({ flows: 60, concurrency: 20, seed: 7, dataDir: dir.path });
    console.log(summaryLine(summary), JSON.stringify(summary.outcomes));
    expect(summary.faults).toBeGreaterThan(0);
    expect(summary.duplicates).toBe(0);
    expect(summary.stuck).toBe(0);
    expect(summary.leaks).toBe(0);
    expect(summary.chargedUntold).toBe(0);
    expect(summary.auditOk).toBe(true);
    expect(summary.outcomes.succeeded ?? 0).toBeGreaterThan(summary.flows / 3);
    await dir.cleanup();
  }, 120_000);

  it('in live mode, keeps every promise while the tunnel carrying the callbacks is dropped during capture', async () => {
    const dir = await tempDir('chaos-live-');
    const summary = await runChaos({
      flows: 30,
      concurrency: 10,
      seed: 11,
      dataDir: dir.path,
      tunnelDropEveryMs: 1_000,
    });
    console.log(summaryLine(summary), JSON.stringify(summary.outcomes));
    expect(summary.tunnelDrops).toBeGreaterThan(0);
    expect(summary.duplicates).toBe(0);
    expect(summary.stuck).toBe(0);
    expect(summary.leaks).toBe(0);
    expect(summary.chargedUntold).toBe(0);
    expect(summary.auditOk).toBe(true);
    // A drop every second interrupts most captures, and how many it interrupts follows the
    // runner's speed (wall-clock drops against CPU-bound flows); one success proves the path.
    expect(summary.outcomes.succeeded ?? 0).toBeGreaterThan(0);
    expect(Object.keys(summary.outcomes).filter((k) => k.startsWith('crashed'))).toEqual([]);
    await dir.cleanup();
  }, 120_000);

  it('charges nothing twice while the core is killed with SIGKILL and restarted, some kills between Complete and its Result', async () => {
    const dir = await tempDir('chaos-crash-');
    const summary = await runCrashChaos({
      flows: 6,
      concurrency: 3,
      seed: 5,
      dataDir: dir.path,
      restarts: 4,
    });
    console.log(crashSummaryLine(summary));
    expect(summary.restarts).toBe(4);
    expect(summary.doubleCharges).toBe(0);
    expect(summary.stuck).toBe(0);
    expect(summary.leaks).toBe(0);
    // Payments still go through between the kills.
    expect(summary.charged).toBeGreaterThan(0);
    await dir.cleanup();
  }, 180_000);
});
