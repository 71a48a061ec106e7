import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaymentField, PaymentSession } from '@shared/payments';
import { isTerminal } from '@shared/payments';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/compose';
import { scanTree } from '../../src-main/core/diagnostics/card-scan';
import { createLog } from '../../src-main/core/log';
import { localtunnelProvider } from '../../src-main/core/tunnel';
import {
  startSandbox,
  type FaultPlan,
  type Sandbox,
  type SandboxOptions,
  type Switches,
} from '../../src-main/sandbox';
import { seededRandom } from '../../src-main/sandbox/faults/fault-plan';
import { startTunnelServer, type TestTunnelServer } from '../helpers/tunnel-server';
import { memorySecrets, writeLiveSettings } from '../helpers/live-mode';
import { waitFor } from '../helpers/wait-for';

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
  /**
   * Live mode: REST to a standalone sandbox and every callback through a local localtunnel server,
   * whose tunnel is dropped every this many ms while flows are capturing (the client reconnects).
   */
  tunnelDropEveryMs?: number;
  /**
   * The sandbox's readings of what Twilio leaves undocumented, for the whole run; when omitted each
   * flow picks its own from the seed as it starts (the sandbox's switches are global, so flows under
   * way meet the new reading too: the client must be right whichever reading answers).
   */
  readings?: Partial<Switches>;
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
  /** Times the tunnel was dropped (live mode only). */
  tunnelDrops: number;
  /** How many flows started under each reading (`switch=reading`). */
  readings: Record<string, number>;
  /** Starts refused with 64021 after a lost answer whose open payment the client took over. */
  adoptedStarts: number;
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

/** The undocumented behaviours (sandbox switches) a run mixes in, each reading picked from the seed. */
export function chaosReadings(seed: number, flow = 0): Partial<Switches> {
  const random = seededRandom(seed * 7919 + flow * 104_729 + 1);
  const pick = <T>(options: readonly T[]) => options[Math.floor(random() * options.length)]!;
  return {
    createIdempotency: pick(['replay', 'none'] as const),
    abandonedEntry: pick(['drop', 'validate'] as const),
    starOutsideCapture: pick(['ignore', 'end-session'] as const),
    firstDigitWait: pick(['at-least-30s', 'timeout', 'none'] as const),
  };
}

/** One agent taking one payment from one simulated customer, as a person at the console would. */
async function flow(
  core: Core,
  sandbox: Sandbox,
  latest: Map<string, PaymentSession>,
  random: () => number,
  index: number,
): Promise<string> {
  const call = sandbox.control.createCall({
    from: `+1415555${String(1000 + index).slice(-4)}`,
    to: '+14155550100',
  });
  const roll = random();
  const ach = roll < 0.15;
  const tokenize = !ach && roll < 0.3;
  const number = random() < 0.1 ? CARDS.declined : random() < 0.3 ? CARDS.amex : CARDS.good;
  const hangupAt = random() < 0.05 ? Math.floor(random() * 5) : -1;
  // The agent moves on while a field is half keyed; the customer presses * between fields.
  const abandon = random() < 0.15;
  const starAfterFirst = random() < 0.1;
  const invoke = async (name: string, args: unknown) => {
    const envelope = await core.api.dispatch(name, args);
    return envelope.ok ? (envelope.value as PaymentSession) : undefined;
  };
  const current = (id: string) => latest.get(id)!;
  /** Waits for a starting session to open (or to say why not), as the agent watching it would. */
  const opened = async (sessionId: string) => {
    const deadline = Date.now() + SETTLE_MS * 2;
    while (Date.now() < deadline && latest.get(sessionId)?.phase === 'starting') await sleep(20);
    const now = latest.get(sessionId);
    if (now?.phase === 'open') return now;
    // Still no word from Twilio about the payment it opened: the agent cancels it.
    if (now?.phase !== 'starting') return undefined;
    await invoke('payments.cancel', { sessionId });
    const settle = Date.now() + FINISH_MS;
    const told = () => latest.get(sessionId)?.alert !== undefined || isTerminal(latest.get(sessionId)!.phase);
    while (Date.now() < settle && !told()) await sleep(20);
    return undefined;
  };
  const keys: Partial<Record<PaymentField, string>> = {
    'payment-card-number': `${number}#`,
    'expiration-date': '1230#',
    'security-code': number === CARDS.amex ? '1234#' : '123#',
    'postal-code': '94109#',
    'bank-routing-number': '121000358#',
    'bank-account-number': '123456789#',
  };

  let session: PaymentSession | undefined;
  for (let attempt = 0; attempt < 5 && !session; attempt++) {
    // Refused (the tunnel is down, say): the agent waits a moment and tries again.
    if (attempt > 0) await sleep(200);
    session = await invoke('payments.start', {
      callSid: call.sid,
      method: ach ? 'ach-debit' : 'credit-card',
      ...(tokenize ? {} : { amount: '19.99' }),
      ...(ach ? { parameters: { AVSName: 'Pat Doe' } } : {}),
    });
    // A start refused with 64021 after a lost answer waits for Twilio's first callback to name it.
    if (session?.phase === 'starting') session = await opened(session.id);
    if (session && session.phase !== 'open') session = undefined;
    if (!session) {
      const previous = [...latest.values()].find((s) => s.callSid === call.sid && !isTerminal(s.phase));
      if (previous) return 'start-left-open';
    }
  }
  if (!session) return 'start-refused';
  const id = session.id;

  const [first, second] = session.fields.map((f) => f.field);
  if (abandon && first && second) {
    await invoke('payments.request', { sessionId: id, field: second });
    await Promise.resolve()
      .then(() => sandbox.control.pressDigits(call.sid, (keys[second] ?? '').replace('#', '').slice(0, 2)))
      .catch(() => undefined);
    await sleep(20);
  }

  let step = 0;
  for (const { field } of session.fields) {
    for (let attempt = 0; attempt < 4; attempt++) {
      // The customer hangs up (the call may have ended already).
      if (step++ === hangupAt) {
        try {
          sandbox.control.hangup(call.sid);
        } catch {
          // already over
        }
      }
      if (current(id).phase !== 'open') break;
      await invoke('payments.request', { sessionId: id, field });
      // Keys on a call that has ended go nowhere (the sandbox refuses them at once or part-way).
      await Promise.resolve()
        .then(() => sandbox.control.pressDigits(call.sid, keys[field] ?? ''))
        .catch(() => undefined);
      const deadline = Date.now() + SETTLE_MS;
      while (Date.now() < deadline) {
        const f = current(id).fields.find((x) => x.field === field)!;
        if (f.status === 'captured' || f.status === 'error' || current(id).phase !== 'open') break;
        await sleep(10);
      }
      if (current(id).fields.find((x) => x.field === field)!.status === 'captured') break;
    }
    if (starAfterFirst && field === first) {
      await Promise.resolve()
        .then(() => sandbox.control.pressDigits(call.sid, '*'))
        .catch(() => undefined);
      await sleep(20);
    }
  }

  // Refused (the tunnel is down, say): the agent presses again a moment later.
  for (let attempt = 0; attempt < 10 && current(id).phase === 'open'; attempt++) {
    if (current(id).readyToComplete) await invoke('payments.complete', { sessionId: id });
    else await invoke('payments.cancel', { sessionId: id });
    await sleep(attempt === 0 ? 50 : 200);
  }
  const deadline = Date.now() + FINISH_MS;
  while (!isTerminal(current(id).phase) && Date.now() < deadline) await sleep(20);
  return id;
}

/** Runs many payment flows at once against the sandbox with faults on, then checks the promises. */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const begin = Date.now();
  await mkdir(options.dataDir, { recursive: true });
  const logFile = createWriteStream(join(options.dataDir, 'callpay.log'));
  let faults = 0;
  const readings: Record<string, number> = {};
  const readingsFor = (index: number) => {
    const chosen = options.readings ?? chaosReadings(options.seed, index);
    for (const [k, v] of Object.entries(chosen))
      readings[`${k}=${String(v)}`] = (readings[`${k}=${String(v)}`] ?? 0) + 1;
    return chosen;
  };
  const sandboxOptions: SandboxOptions = {
    timeScale: 0.02,
    ...(options.readings ? { switches: options.readings } : {}),
    faults: options.noFaults ? {} : planFor(options),
    log: (event) => {
      if (event.startsWith('fault.') || event === 'callback.dropped') faults++;
    },
  };
  const common = {
    dataDir: options.dataDir,
    version: '0.0.0-chaos',
    log: createLog({ level: 'debug', destination: logFile }),
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 80 },
    restTimeoutMs: 3_000,
    // Twilio's answer to complete or cancel is overdue after this (60 s in the app; the sandbox runs fast).
    resultTimeoutMs: 2_000,
  };
  const target =
    options.tunnelDropEveryMs === undefined ? undefined : await startLive(options.dataDir, sandboxOptions);
  const core = target ? await target.core(common) : await createCore({ ...common, sandbox: sandboxOptions });
  const sandbox = target?.sandbox ?? core.sandbox()!;
  if (target) await waitFor(() => core.status().urls.publicUrl, 10_000, 'the tunnel');
  // The service keeps only recent sessions; the agent's view is every event it sent.
  const latest = new Map<string, PaymentSession>();
  const adopted = new Set<string>();
  core.api.subscribe((name, payload) => {
    if (name !== 'payments.session') return;
    const session = payload as PaymentSession;
    latest.set(session.id, session);
    if (session.alert?.code === 'start_adopted') adopted.add(session.id);
  });
  const random = seededRandom(options.seed);
  const results: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.flows) {
      const index = next++;
      sandbox.setSwitches(readingsFor(index));
      results[index] = await flow(core, sandbox, latest, random, index).catch(
        (e: Error) => `crashed: ${e.message}`,
      );
    }
  };
  let tunnelDrops = 0;
  let running = true;
  const dropper = (async () => {
    if (!target || options.tunnelDropEveryMs === undefined) return;
    for (;;) {
      await sleep(options.tunnelDropEveryMs);
      if (!running) return;
      target.tunnel.dropAll();
      tunnelDrops++;
    }
  })();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  running = false;
  await dropper;

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

  const ledger = sandbox.ledger();
  const perCall = new Map<string, number>();
  for (const entry of ledger) perCall.set(entry.callSid, (perCall.get(entry.callSid) ?? 0) + 1);
  const duplicates = [...perCall.values()].filter((n) => n > 1).length;
  const told = new Set(sessions.filter((s) => s.phase === 'succeeded').map((s) => s.paymentSid));
  const chargedUntold = ledger.filter(
    (e) => !told.has(e.paymentSid) && !sessions.some((s) => s.paymentSid === e.paymentSid && s.alert),
  ).length;

  const auditOk = (await core.audit.verify()).ok;
  await core.stop();
  await target?.close();
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
    tunnelDrops,
    readings,
    adoptedStarts: adopted.size,
    ms: Date.now() - begin,
  };
}

function planFor(options: ChaosOptions): FaultPlan {
  const plan = chaosFaults(options.seed, options.flows);
  const only = options.onlyFault;
  if (only === 'callbacks') delete plan.rest;
  else if (only && only !== 'all') {
    plan.rest = plan.rest?.filter((f) => `${f.match}:${f.kind}` === only);
    delete plan.callbacks;
  }
  return plan;
}

/** Live mode's parts: a standalone sandbox playing Twilio, and a local tunnel server for the callbacks. */
async function startLive(dataDir: string, sandboxOptions: SandboxOptions) {
  const sandbox = await startSandbox(sandboxOptions);
  const tunnel: TestTunnelServer = await startTunnelServer();
  await writeLiveSettings(dataDir, sandbox.credentials.accountSid, 'chaos');
  const secrets = memorySecrets({ authToken: sandbox.credentials.authToken });
  return {
    sandbox,
    tunnel,
    core: (common: Omit<CoreOptions, 'secrets'>) =>
      createCore({
        ...common,
        liveRestBaseUrl: sandbox.url,
        secrets,
        tunnel: {
          provider: localtunnelProvider({ host: tunnel.url, handshakeTimeoutMs: 1_000 }),
          heartbeatMs: 200,
          backoffBaseMs: 40,
          backoffMaxMs: 200,
        },
      }),
    async close() {
      await tunnel.close();
      await sandbox.close();
    },
  };
}

/** The one summary line a chaos run prints. */
export function summaryLine(s: ChaosSummary): string {
  const drops = s.tunnelDrops > 0 ? ` tunnel-drops=${s.tunnelDrops}` : '';
  const readings = Object.entries(s.readings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}:${n}`)
    .join(',');
  return `chaos: flows=${s.flows} faults=${s.faults}${drops} readings=${readings} adopted-starts=${s.adoptedStarts} duplicates=${s.duplicates} stuck=${s.stuck} leaks=${s.leaks} charged-untold=${s.chargedUntold} audit=${s.auditOk ? 'ok' : 'broken'} ms=${s.ms}`;
}
