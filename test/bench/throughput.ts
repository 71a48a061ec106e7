import autocannon from 'autocannon';
import twilio from 'twilio';
import { CALLBACK_PATH } from './bare-callback-route';
import { alternate } from './trials';

export interface ThroughputSetup {
  receiverUrl: string;
  bareUrl: string;
  authToken: string;
  /** One signed callback's form, posted over and over. */
  params: Record<string, string>;
  /** Seconds per autocannon run (default 2). */
  seconds?: number;
}

/**
 * Signed callbacks per second through the receiver and through the bare route, round by round
 * (autocannon, 10 connections, same process): both answer the same signed form, each signed over the
 * URL it listens on. The ratio is taken per round, so both sides of it saw the same machine.
 */
export async function compareThroughput(setup: ThroughputSetup) {
  const body = new URLSearchParams(setup.params).toString();
  const cannon = async (base: string) => {
    const signature = twilio.getExpectedTwilioSignature(setup.authToken, base + CALLBACK_PATH, setup.params);
    const result = await autocannon({
      url: base + CALLBACK_PATH,
      method: 'POST',
      connections: 10,
      duration: setup.seconds ?? 2,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body,
    });
    return { rps: result['2xx'] / result.duration || 0, non2xx: result.non2xx };
  };
  const rounds = await alternate(
    () => cannon(setup.bareUrl),
    () => cannon(setup.receiverUrl),
  );
  const sum = (xs: Array<{ non2xx: number }>) => xs.reduce((n, x) => n + x.non2xx, 0);
  return {
    receiverRps: rounds.subject.map((r) => r.rps),
    bareRps: rounds.baseline.map((r) => r.rps),
    ratios: rounds.subject.map((r, i) => r.rps / rounds.baseline[i]!.rps),
    receiverNon2xx: sum(rounds.subject),
    bareNon2xx: sum(rounds.baseline),
  };
}
