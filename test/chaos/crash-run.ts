import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaymentField } from '@shared/payments';
import { isTerminal } from '@shared/payments';
import { verifyAuditFile } from '../../src-main/core/audit';
import { scanTree } from '../../src-main/core/diagnostics/card-scan';
import { startSandbox } from '../../src-main/sandbox';
import { seededRandom } from '../../src-main/sandbox/faults/fault-plan';
import { startCallbackGate } from '../helpers/callback-gate';
import { coreProcess, freePort } from '../helpers/core-process';
import { writeLiveSettings } from '../helpers/live-mode';

export interface CrashOptions {
  flows: number;
  concurrency: number;
  seed: number;
  dataDir: string;
  /** How many times the core is killed with SIGKILL and started again. */
  restarts: number;
}

export interface CrashSummary {
  flows: number;
  restarts: number;
  /** Calls charged more than once. */
  doubleCharges: number;
  /** Completions shown as "Result unknown" after a restart whose Result then arrived. */
  unknownResultsResolved: number;
  /** Completions still unknown at the end (the agent was told to check the processor). */
  unknownResultsLeft: number;
  /** Sessions left open or waiting with nothing telling the agent so. */
  stuck: number;
  leaks: number;
  auditOk: boolean;
  /** Calls that ended charged exactly once. */
  charged: number;
  ms: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEYS: Partial<Record<PaymentField, string>> = {
  'payment-card-number': '4111111111111111#',
  'expiration-date': '1230#',
  'security-code': '123#',
  'postal-code': '94109#',
  'bank-routing-number': '121000358#',
  'bank-account-number': '123456789#',
};
const FLOW_MS = 40_000;

/**
 * Payment flows against a core in a child process that is killed with SIGKILL and started again
 * at random moments, some of them between Complete and its Result. The sandbox ("Twilio") runs in
 * this process, so its ledger outlives every restart and proves whether anything was charged twice.
 */
export async function runCrashChaos(options: CrashOptions): Promise<CrashSummary> {
  const begin = Date.now();
  await mkdir(options.dataDir, { recursive: true });
  const random = seededRandom(options.seed);
  const sandbox = await startSandbox({ timeScale: 0.02 });
  const webhookPort = await freePort();
  const gate = await startCallbackGate(() => `http://127.0.0.1:${webhookPort}`);
  await writeLiveSettings(options.dataDir, sandbox.credentials.accountSid, 'chaos');
  const core = coreProcess({
    dataDir: options.dataDir,
    restBaseUrl: sandbox.url,
    authToken: sandbox.credentials.authToken,
    webhookPort,
    publicUrl: gate.url,
    resultTimeoutMs: 2_000,
  });
  await core.start();

  let restarts = 0;
  let crashing: Promise<void> | undefined;
  // Callbacks sent while the core is down are either queued by the ingress or lost, by the seed.
  const crash = () =>
    (crashing ??= (async () => {
      gate.hold();
      await core.kill();
      restarts++;
      await core.start();
      if (random() < 0.5) await gate.release();
      else gate.drop();
    })().finally(() => (crashing = undefined)));
  const crashesLeft = () => restarts + (crashing ? 1 : 0) < options.restarts;

  const unknown = new Set<string>();
  core.watch((s) => {
    if (s.alert?.code === 'result_unknown') unknown.add(s.id);
  });
  const flow = async (index: number) => {
    const call = sandbox.control.createCall({
      from: `+1415555${String(2000 + index).slice(-4)}`,
      to: '+14155550100',
    });
    const deadline = Date.now() + FLOW_MS;
    const mine = () =>
      [...core.latest.values()]
        .filter((s) => s.callSid === call.sid)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    const up = async () => {
      while (!core.running || crashing) await (crashing ?? sleep(20));
    };
    while (Date.now() < deadline) {
      await up();
      const s = mine();
      if (s?.phase === 'succeeded') return;
      if (sandbox.ledger().some((e) => e.callSid === call.sid) && (!s || isTerminal(s.phase))) return;
      if (!s || isTerminal(s.phase)) {
        const started = await core.invoke('payments.start', { callSid: call.sid, amount: '99.00' });
        if (!started.ok && started.error.code === 'result_unknown') {
          // The agent checks the processor, as told: charged means done, else take it again.
          if (sandbox.ledger().some((e) => e.callSid === call.sid)) return;
          await core.invoke('payments.start', {
            callSid: call.sid,
            amount: '99.00',
            confirmUnknownResult: true,
          });
        }
        await sleep(50);
        continue;
      }
      if (s.phase === 'open') {
        if (s.readyToComplete) {
          const killHere = crashesLeft() && random() < 0.5;
          if (killHere) gate.hold();
          await core.invoke('payments.complete', { sessionId: s.id });
          if (killHere) await crash();
          continue;
        }
        const next = s.fields.find((f) => f.status !== 'captured')!;
        await core.invoke('payments.request', { sessionId: s.id, field: next.field });
        await sandbox.control.pressDigits(call.sid, KEYS[next.field] ?? '').catch(() => undefined);
        const settle = Date.now() + 3_000;
        while (Date.now() < settle && core.running && !crashing) {
          const f = mine()?.fields.find((x) => x.field === next.field);
          if (f?.status === 'captured' || f?.status === 'error' || mine()?.phase !== 'open') break;
          await sleep(20);
        }
        continue;
      }
      if (s.phase === 'completing' && s.alert?.code === 'result_unknown') {
        // Waiting for a Result that may never come; the agent checks the processor after a while.
        if (Date.now() > deadline - FLOW_MS / 2 && sandbox.ledger().some((e) => e.callSid === call.sid))
          return;
      }
      await sleep(50);
    }
  };

  let running = true;
  const killer = (async () => {
    while (running && crashesLeft()) {
      await sleep(800 + Math.floor(random() * 2_000));
      if (running && crashesLeft()) await crash();
    }
  })();
  let next = 0;
  // Flows go on until every planned kill has happened: on a fast runner the first flows can all
  // finish before the killer's last turn, and a kill with no payment running proves nothing.
  const worker = async () => {
    while (next < options.flows || crashesLeft()) await flow(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  running = false;
  await killer;
  await crashing;
  await gate.release();
  await sandbox.idle();

  const sessions = [...core.latest.values()];
  const perCall = new Map<string, number>();
  for (const e of sandbox.ledger()) perCall.set(e.callSid, (perCall.get(e.callSid) ?? 0) + 1);
  const doubleCharges = [...perCall.values()].filter((n) => n > 1).length;
  const final = (id: string) => sessions.find((s) => s.id === id);
  const resolved = [...unknown].filter((id) => {
    const s = final(id);
    return s !== undefined && isTerminal(s.phase) && s.result?.result !== 'result-unknown';
  }).length;
  const stuckOnes = sessions.filter((s) => !isTerminal(s.phase) && !s.alert);
  if (process.env.CHAOS_DEBUG)
    for (const s of sessions)
      console.log(
        JSON.stringify({
          id: s.id.slice(0, 6),
          call: s.callSid.slice(-4),
          phase: s.phase,
          alert: s.alert?.code,
          restored: s.restoredAt !== undefined,
          pending: s.pendingWrite?.operation,
          fields: s.fields.map((f) => f.status[0]).join(''),
          result: s.result?.result,
        }),
      );
  const stuck = stuckOnes.length;
  await core.stop();
  await gate.close();
  await sandbox.close();
  return {
    flows: next,
    restarts,
    doubleCharges,
    unknownResultsResolved: resolved,
    unknownResultsLeft: unknown.size - resolved,
    stuck,
    leaks: (await scanTree(options.dataDir)).length,
    auditOk: (await verifyAuditFile(join(options.dataDir, 'audit.jsonl'))).ok,
    charged: [...perCall.values()].filter((n) => n === 1).length,
    ms: Date.now() - begin,
  };
}

/** The summary line a crash run prints. */
export function crashSummaryLine(s: CrashSummary): string {
  return `chaos-crash: flows=${s.flows} restarts=${s.restarts} double-charges=${s.doubleCharges} unknown-results-resolved=${s.unknownResultsResolved} unknown-results-left=${s.unknownResultsLeft} charged=${s.charged} stuck=${s.stuck} leaks=${s.leaks} audit=${s.auditOk ? 'ok' : 'broken'} ms=${s.ms}`;
}
