import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { runChaos, summaryLine } from './chaos-run';

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
});
