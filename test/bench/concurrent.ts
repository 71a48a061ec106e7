import { performance } from 'node:perf_hooks';
import type { PaymentSession } from '@shared/payments';
import type { Core } from '../../src-main/core/compose';
import { percentile } from './stats';
import { repeat } from './trials';

const FIELDS = ['payment-card-number', 'expiration-date', 'security-code', 'postal-code'];

/**
 * Starts `sessions` payments in the same instant (the burst) on calls from `newCall`, then in each round
 * sends `samples` field requests at `perSecond` over the open sessions, timing each command's round trip.
 */
export async function measureConcurrent(
  core: Core,
  newCall: () => Promise<{ sid: string }> | { sid: string },
  options: { sessions: number; perSecond: number; samples: number },
) {
  let errors = 0;
  let commands = 0;
  const timed = async (name: string, args: unknown, into: number[]) => {
    commands++;
    const t0 = performance.now();
    const envelope = await core.api.dispatch(name, args);
    into.push(performance.now() - t0);
    if (!envelope.ok) errors++;
    return envelope.ok ? (envelope.value as PaymentSession) : undefined;
  };
  const calls: Array<{ sid: string }> = [];
  for (let i = 0; i < options.sessions; i++) calls.push(await newCall());
  const burst: number[] = [];
  const opened = (
    await Promise.all(calls.map((c) => timed('payments.start', { callSid: c.sid, amount: '5.00' }, burst)))
  ).filter((s): s is PaymentSession => s !== undefined);
  const concurrentSessions = core.payments.list().filter((s) => s.phase === 'open').length;

  let sent = 0;
  const gapMs = 1000 / options.perSecond;
  const pacedRound = async () => {
    const paced: number[] = [];
    const t0 = performance.now();
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < options.samples; i++) {
      // Paced against the round's start, so a late timer does not slow the whole round down.
      const due = t0 + i * gapMs - performance.now();
      if (due > 1) await new Promise((done) => setTimeout(done, due));
      const session = opened[sent % opened.length]!;
      const field = FIELDS[Math.floor(sent / opened.length) % FIELDS.length]!;
      sent++;
      inFlight.push(timed('payments.request', { sessionId: session.id, field }, paced));
    }
    await Promise.all(inFlight);
    return percentile(paced, 99);
  };
  const pacedP99s = await repeat(pacedRound);
  return {
    concurrentSessions,
    concurrentErrors: errors,
    commands,
    burstP99: percentile(burst, 99),
    pacedP99s,
  };
}
