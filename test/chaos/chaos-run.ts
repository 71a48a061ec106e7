import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaymentField, PaymentSession } from '@shared/payments';
import { isTerminal } from '@shared/payments';
import { createCore, type Core } from '../../src-main/core/app';
import { scanTree } from '../../src-main/core/diagnostics/card-scan';
import { createLog } from '../../src-main/core/log';
import type { FaultPlan } from '../../src-main/sandbox';
import { seededRandom } from '../../src-main/sandbox/faults/fault-plan';

export interface ChaosOptions {
  flows: number;
  /** Flows in flight at once. */
  concurrency: number;
  seed: number;
  dataDir: string;
  /** Turns fault injection off, for a baseline. */
  noFaults?: boolean;
  /** Injects one kind of fault only, to find which one breaks a promise: `callbacks` or `operation:kind`. */
  onlyFault?: string;
}

export interface ChaosSummary {
  flows: number;
  faults: number;
  /** Calls charged more than once. */
  duplicates: number;
  /** Sessions left waiting with nothing telling the agent so. */
  stuck: number;
  /** Card numbers or security codes found in any file the run wrote. */
  leaks: number;
  /** How the flows ended, by phase (or `alerted`). */
  outcomes: Record<string, number>;
  auditOk: boolean;
  /** Charged by the connector while the agent was told something else. */
  chargedUntold: number;
  ms: number;
}

const CARDS = { good: '4111111111111111', amex: '378282246310005', declined: '4000000000000002' };
const SETTLE_MS = 1_500;
const FINISH_MS = 6_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A plan that hits every kind of fault the sandbox can inject, seeded for replay. */
export function chaosFaults(seed: number, flows: number): FaultPlan {
  const some = (n: number) => Math.max(1, Math.round(flows * n));
  return {
    seed,
    rest: [
      { match: 'payments.create', kind: 'lost-response', times: some(0.04) },
      { match: 'payments.create', kind: '503', times: some(0.03) },
      { match: 'payments.update', kind: '500', times: some(0.1) },
      { match: 'payments.update', kind: 'lost-response', times: some(0.1) },
      { match: 'payments.update', kind: 'timeout', times: some(0.02) },
      { match: 'payments.update', kind: '429', times: some(0.03) },
    ],
    callbacks: { drop: 0.02, duplicate: 0.1, reorder: true, delayMs: [0, 15] },
  };
}

/** One agent taking one payment from one simulated customer, as a person at the console would. */
async function flow(
  core: Core,
  latest: Map<string, PaymentSession>,
  random: () => number,
  index: number,
): Promise<string> {
  const sandbox = core.sandbox()!;
  const call = sandbox.control.createCall({
    from: `+1415555${String(1000 + index).slice(-4)}`,
    to: '+14155550100',
  });
  const roll = random();
  const ach = roll < 0.15;
  const tokenize = !ach && roll < 0.3;
  const number = random() < 0.1 ? CARDS.declined : random() < 0.3 ? CARDS.amex : CARDS.good;
  const hangupAt = random() < 0.05 ? Math.floor(random() * 5) : -1;
  const invoke = async (name: string, args: unknown) => {
    const envelope = await core.api.dispatch(name, args);
    return envelope.ok ? (envelope.value as PaymentSession) : undefined;
  };
  const current = (id: string) => latest.get(id)!;
  const keys: Record<PaymentField, string> = {
    'payment-card-number': `${number}#`,
    'expiration-date': '1230#',
    'security-code': number === CARDS.amex ? '1234#' : '123#',
    'postal-code': '94109#',
    'bank-routing-number': '121000358#',
    'bank-account-number': '123456789#',
  };

  let session: PaymentSession | undefined;
  for (let attempt = 0; attempt < 3 && !session; attempt++) {
    session = await invoke('payments.start', {
      callSid: call.sid,
      method: ach ? 'ach-debit' : 'credit-card',
      ...(tokenize ? {} : { amount: '19.99' }),
      ...(ach ? { parameters: { AVSName: 'Pat Doe' } } : {}),
    });
    if (session && session.phase !== 'open') session = undefined;
    if (!session) {
      const previous = [...latest.values()].find((s) => s.callSid === call.sid && !isTerminal(s.phase));
      if (previous) return 'start-left-open';
    }
  }
  if (!session) return 'start-refused';
  const id = session.id;

  let step = 0;
  for (const { field } of session.fields) {
    for (let attempt = 0; attempt < 4; attempt++) {
      if (step++ === hangupAt) sandbox.control.hangup(call.sid);
      if (current(id).phase !== 'open') break;
      await invoke('payments.request', { sessionId: id, field });
      await sandbox.control.pressDigits(call.sid, keys[field]).catch(() => undefined);
      const deadline = Date.now() + SETTLE_MS;
      while (Date.now() < deadline) {
        const f = current(id).fields.find((x) => x.field === field)!;
        if (f.status === 'captured' || f.status === 'error' || current(id).phase !== 'open') break;
        await sleep(10);
      }
      if (current(id).fields.find((x) => x.field === field)!.status === 'captured') break;
    }
  }

  for (let attempt = 0; attempt < 3 && current(id).phase === 'open'; attempt++) {
    if (current(id).readyToComplete) await invoke('payments.complete', { sessionId: id });
    else await invoke('payments.cancel', { sessionId: id });
    await sleep(50);
  }
  const deadline = Date.now() + FINISH_MS;
  while (!isTerminal(current(id).phase) && Date.now() < deadline) await sleep(20);
  return id;
}

/** Runs many payment flows at once against the in-process sandbox with faults on, then checks the promises. */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const begin = Date.now();
  await mkdir(options.dataDir, { recursive: true });
  const logFile = createWriteStream(join(options.dataDir, 'callpay.log'));
  let faults = 0;
  const core = await createCore({
    dataDir: options.dataDir,
    version: '0.0.0-chaos',
    log: createLog({ level: 'debug', destination: logFile }),
    sandbox: {
      timeScale: 0.02,
      faults: options.noFaults
        ? {}
        : (() => {
            const plan = chaosFaults(options.seed, options.flows);
            const only = options.onlyFault;
            if (only === 'callbacks') delete plan.rest;
            else if (only && only !== 'all') {
              plan.rest = plan.rest?.filter((f) => `${f.match}:${f.kind}` === only);
              delete plan.callbacks;
            }
            return plan;
          })(),
      log: (event) => {
        if (event.startsWith('fault.') || event === 'callback.dropped') faults++;
      },
    },
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 80 },
    restTimeoutMs: 3_000,
    // Twilio's answer to complete or cancel is overdue after this (60 s in the app; the sandbox runs fast).
    resultTimeoutMs: 2_000,
  });
  // The service keeps only recent sessions; the agent's view is every event it sent.
  const latest = new Map<string, PaymentSession>();
  core.api.subscribe((name, payload) => {
    if (name === 'payments.session') latest.set((payload as PaymentSession).id, payload as PaymentSession);
  });
  const random = seededRandom(options.seed);
  const results: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.flows) {
      const index = next++;
      results[index] = await flow(core, latest, random, index).catch((e: Error) => `crashed: ${e.message}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const sessions = [...latest.values()];
  const outcomes: Record<string, number> = {};
  let stuck = 0;
  for (const s of sessions) {
    const key = isTerminal(s.phase) ? s.phase : s.alert ? 'alerted' : `stuck-${s.phase}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (!isTerminal(s.phase) && !s.alert) stuck++;
  }
  for (const r of results)
    if (r.startsWith('crashed') || r.startsWith('start-')) outcomes[r] = (outcomes[r] ?? 0) + 1;

  const ledger = core.sandbox()!.ledger();
  const perCall = new Map<string, number>();
  for (const entry of ledger) perCall.set(entry.callSid, (perCall.get(entry.callSid) ?? 0) + 1);
  const duplicates = [...perCall.values()].filter((n) => n > 1).length;
  const told = new Set(sessions.filter((s) => s.phase === 'succeeded').map((s) => s.paymentSid));
  const chargedUntold = ledger.filter(
    (e) => !told.has(e.paymentSid) && !sessions.some((s) => s.paymentSid === e.paymentSid && s.alert),
  ).length;

  const auditOk = (await core.audit.verify()).ok;
  await core.stop();
  await new Promise((r) => logFile.end(r));
  const leaks = (await scanTree(options.dataDir)).length;
  return {
    flows: options.flows,
    faults,
    duplicates,
    stuck,
    leaks,
    outcomes,
    auditOk,
    chargedUntold,
    ms: Date.now() - begin,
  };
}

/** The one summary line a chaos run prints. */
export function summaryLine(s: ChaosSummary): string {
  return `chaos: flows=${s.flows} faults=${s.faults} duplicates=${s.duplicates} stuck=${s.stuck} leaks=${s.leaks} charged-untold=${s.chargedUntold} audit=${s.auditOk ? 'ok' : 'broken'} ms=${s.ms}`;
}
