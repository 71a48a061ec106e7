// Callpay Server's figures (#15): a callback through two instances against the solo desktop path,
// 1,000 sessions across the instances with nothing lost or repeated, and storms of 200 devices
// signing in or reconnecting at once.
import { performance } from 'node:perf_hooks';
import type { PaymentSession } from '@shared/payments';
import type { Core } from '../../src-main/core/compose';
import { waitFor } from '../helpers/wait-for';
import {
  coreEvents,
  deliver,
  measureCallbackLatency,
  p99,
  partialCallback,
  type CallbackTarget,
  type LatencyTarget,
} from './callback-latency';
import { openDbFloor } from './db-floor';
import { openSessions } from './solo-core';
import { percentile, round } from './stats';
import {
  inBatches,
  inviteFor,
  signInDevice,
  startPayments,
  startProcessTeam,
  startTeam,
  type Device,
  type InstanceHandle,
  type Team,
} from './team-parts';
import { alternate, repeat, shown, spread, spreadKeys, TRIALS } from './trials';

type Row = (name: string, value: number | string, note: string) => void;

/**
 * Sizes: the by default; a shortened run (BENCH_SAMPLES below 10,000) shrinks them alike.
 * The two-instance latency takes 5,000 callbacks per round (25,000 over the five rounds): its
 * callbacks cost several database round trips each, and the bench's time is kept near 3 minutes.
 */
const scale = Math.min(1, TRIALS.samples / 10_000);
const sized = (name: string, full: number, least: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : Math.max(least, Math.round(full * scale));
};
export const TEAM_SIZES = {
  /** Callbacks per round for the two-instance latency (and its solo baseline). */
  samples: sized('BENCH_TEAM_SAMPLES', 5_000, 1),
  sessions: sized('BENCH_TEAM_SESSIONS', 1_000, 20),
  devices: sized('BENCH_TEAM_DEVICES', 200, 10),
};
/** Partial callbacks each of the sessions gets, alternating between the instances. */
const EVENTS_PER_SESSION = 3;
/** Agents the sessions are shared among (half on each instance), and callbacks in flight at once. */
const AGENTS = 10;
const IN_FLIGHT = 50;
// Every bench device signs in from 127.0.0.1: the per-address limit (10 a minute by default) is
// raised for the bench, and the output says so.
const SIGN_IN_PER_MINUTE = 100_000;

export async function benchTeam(row: Row, startCore: () => Promise<Core>) {
  const t0 = performance.now();
  // The latency first, with each instance in a process of its own, as production runs them.
  const apart = await startProcessTeam(SIGN_IN_PER_MINUTE);
  const latency = apart ? await teamLatency(apart, row, startCore).finally(() => apart.close()) : undefined;
  const team = await startTeam(SIGN_IN_PER_MINUTE);
  try {
    row(
      'teamDatabase',
      team.database,
      team.database === 'postgres'
        ? 'a fresh PostgreSQL database on the machine’s server (Unix socket), dropped after'
        : 'PostgreSQL unreachable: PGlite, so ONE instance (a PGlite database is one process’s); not two-instance figures',
    );
    const out: Record<string, number | string> = { teamDatabase: team.database };
    row(
      'teamInstances',
      apart ? 'processes' : 'in-process',
      apart
        ? 'the latency: each instance in a process of its own; the 1,000 sessions and the storms: both in the bench process'
        : 'PostgreSQL unreachable: the latency with the instance in the bench process',
    );
    Object.assign(out, latency ?? (await teamLatency(team, row, startCore)));
    Object.assign(out, await teamSessions(team, row));
    Object.assign(out, await signInStorm(team, row));
    Object.assign(out, await reconnectStorm(team, row));
    row('teamSeconds', round((performance.now() - t0) / 1000, 0), 'how long the team figures took');
    return out;
  } finally {
    await team.close();
  }
}

/** The team figures that must be 0, as sentences for the run's FAIL lines. */
export function teamFailures(out: Record<string, number | string>): string[] {
  const zero: Array<[string, string]> = [
    ['teamLostEvents', 'field states a watching console never showed'],
    ['teamDuplicatedEvents', 'field states a console showed more than once'],
    ['teamBackwardEvents', 'states a console showed after a newer one'],
    ['signInStormFailures', 'devices that did not sign in during the storm'],
    ['reconnectStormFailures', 'devices not resumed without a gap after the drop'],
  ];
  return zero
    .filter(([key]) => out[key] !== 0)
    .map(([key, what]) => `${key} = ${out[key]}: ${what} (must be 0)`);
}

const target = (team: Team<InstanceHandle>, postTo: InstanceHandle): CallbackTarget => ({
  authToken: team.sandbox.credentials.authToken,
  accountSid: team.sandbox.credentials.accountSid,
  postBase: postTo.core.webhooksUrl,
  signedBase: team.publicUrl,
});

/** Callback posted to B → the event at an agent's link on A, beside the solo core's callback → event, per round. */
async function teamLatency(team: Team<InstanceHandle>, row: Row, startCore: () => Promise<Core>) {
  const solo = await startCore();
  const soloSandbox = solo.sandbox()!;
  const soloTarget: LatencyTarget = {
    authToken: soloSandbox.credentials.authToken,
    accountSid: soloSandbox.credentials.accountSid,
    postBase: solo.webhooksUrl,
    signedBase: solo.webhooksUrl,
    sessions: await openSessions(solo, 20),
    watch: coreEvents(solo),
  };
  const agent = await signInDevice(team, team.a, 'agent');
  const teamTarget: LatencyTarget = {
    ...target(team, team.b),
    sessions: await startPayments(team, agent, 20),
    watch: agent.watch,
  };
  // The warm-up rounds are shorter: they only have to warm the paths up.
  const count = (warmup: boolean) => (warmup ? Math.min(TEAM_SIZES.samples, 1_000) : TEAM_SIZES.samples);
  // The database's own share, beside the solo path in each round (PostgreSQL only).
  const floor = team.databaseUrl ? await openDbFloor(team.databaseUrl, teamTarget.sessions[0]) : undefined;
  const floors: number[] = [];
  const rounds = await alternate(
    async (warmup) => {
      const soloP99 = p99(await measureCallbackLatency(soloTarget, count(warmup)));
      const floorP99 = floor && p99(await floor.measure(count(warmup)));
      if (!warmup && floorP99 !== undefined) floors.push(floorP99);
      return soloP99;
    },
    async (warmup) => p99(await measureCallbackLatency(teamTarget, count(warmup))),
  );
  await floor?.close();
  agent.close();
  await solo.stop();
  const teamP99 = spread(rounds.subject, 2);
  const soloP99 = spread(rounds.baseline, 2);
  const ratio = spread(
    rounds.subject.map((t, i) => t / rounds.baseline[i]!),
    2,
  );
  const per = `p99 of ${TEAM_SIZES.samples} per round, median (min–max) of ${TRIALS.runs}`;
  row('teamCallbackP99Ms', shown(teamP99), `callback posted to B → event at an agent's link on A, ${per}`);
  row(
    'teamSoloP99Ms',
    shown(soloP99),
    'the solo desktop path in the same rounds: callback → event in one core',
  );
  row('teamCallbackP99Ratio', shown(ratio), 'two instances over solo, per round (target ≤ 3)');
  const floorP99 = floors.length > 0 ? spread(floors, 2) : undefined;
  if (floorP99) {
    row(
      'teamDbFloorP99Ms',
      shown(floorP99),
      "the database's share alone, same rounds: a session-sized row committed with NOTIFY, read back on another connection once heard",
    );
  }
  return {
    ...(floorP99 ? spreadKeys('teamDbFloorP99Ms', floorP99) : {}),
    ...spreadKeys('teamCallbackP99Ratio', ratio),
    ...spreadKeys('teamCallbackP99Ms', teamP99),
    ...spreadKeys('teamSoloP99Ms', soloP99),
  };
}

/**
 * `TEAM_SIZES.sessions` payments open at once, shared among agents on both instances; each gets
 * partial callbacks that alternate between the instances, and every console watching a session
 * (its agent's, and a supervisor's on each instance) must show each of its states exactly once.
 */
async function teamSessions(team: Team, row: Row) {
  const instances = [team.a, team.b];
  const agents = await Promise.all(
    Array.from({ length: AGENTS }, (_, i) => signInDevice(team, instances[i % 2]!, 'agent')),
  );
  const supervisors = await Promise.all(instances.map((server) => signInDevice(team, server, 'supervisor')));
  const perAgent = Math.ceil(TEAM_SIZES.sessions / AGENTS);
  const owned = await Promise.all(agents.map((agent) => startPayments(team, agent, perAgent)));
  const all = owned.flatMap((sessions, i) => sessions.map((session) => ({ session, home: i % 2 })));

  const t0 = performance.now();
  let refused = 0;
  let clock = Date.now();
  await inBatches(all, IN_FLIGHT, async ({ session, home }) => {
    for (let keyed = 1; keyed <= EVENTS_PER_SESSION; keyed++) {
      // The first on the other instance than the agent's, then back and forth.
      const post = partialCallback(
        target(team, instances[(home + keyed) % 2]!),
        session,
        keyed,
        new Date(++clock),
      );
      if ((await deliver(post)) >= 300) refused++;
    }
  });
  const sentMs = performance.now() - t0;
  const watchers = [
    ...agents.map((device, i) => ({ device, sessions: owned[i]! })),
    ...supervisors.map((device) => ({ device, sessions: all.map((s) => s.session) })),
  ];
  const counted = () => watchers.map(({ device, sessions }) => tally(device, sessions));
  // Wait for the last events (nothing depends on a notification's timing): until no console has
  // been handed an event for 10 s (counting is cheap, so the wait does not hold the instances up).
  const arrived = () => watchers.reduce((n, w) => n + w.device.shown.length, 0);
  let last = { count: -1, at: performance.now() };
  await waitFor(
    () => {
      const now = arrived();
      if (now !== last.count) last = { count: now, at: performance.now() };
      return performance.now() - last.at > 10_000;
    },
    120_000,
    'the consoles to settle',
  );
  const tallies = counted();
  const lost = tallies.reduce((n, t) => n + t.lost, 0);
  const duplicated = tallies.reduce((n, t) => n + t.duplicated, 0);
  const backwards = tallies.reduce((n, t) => n + t.backwards, 0);
  const staleAtEnd = tallies.reduce((n, t) => n + t.staleAtEnd, 0);
  for (const device of [...agents, ...supervisors]) device.close();
  const expected = watchers.reduce((n, w) => n + w.sessions.length * EVENTS_PER_SESSION, 0);
  row('teamSessions', all.length, `payment sessions open at once across two instances (${AGENTS} agents)`);
  row(
    'teamLostEvents',
    lost,
    `field states a watching console never showed, of ${expected} (${EVENTS_PER_SESSION} callbacks per session, alternating instances; target 0)`,
  );
  row('teamDuplicatedEvents', duplicated, 'field states a console showed more than once (target 0)');
  row(
    'teamBackwardEvents',
    backwards,
    `states a console showed after a newer one of the same session (the screen going back), ${staleAtEnd} left on an old state at the end (target 0)`,
  );
  row(
    'teamCallbacksPerSecond',
    round((all.length * EVENTS_PER_SESSION) / (sentMs / 1000), 0),
    `callbacks answered per second, ${IN_FLIGHT} in flight (${refused} refused)`,
  );
  return {
    teamSessions: all.length,
    teamLostEvents: lost,
    teamDuplicatedEvents: duplicated,
    teamBackwardEvents: backwards,
    teamStaleAtEnd: staleAtEnd,
    teamCallbacksRefused: refused,
  };
}

/**
 * What a console showed of its sessions' keyed states 1..EVENTS_PER_SESSION: states never shown,
 * shown more than once, shown after a newer one, and sessions not on the last state at the end.
 */
function tally(device: Device, sessions: PaymentSession[]) {
  const ids = new Set(sessions.map((s) => s.id));
  const byId = new Map<string, number[]>();
  for (const { id, keyed } of device.shown) {
    if (ids.has(id) && keyed > 0) byId.set(id, [...(byId.get(id) ?? []), keyed]);
  }
  const out = { lost: 0, duplicated: 0, backwards: 0, staleAtEnd: 0 };
  for (const id of ids) {
    const states = byId.get(id) ?? [];
    for (let keyed = 1; keyed <= EVENTS_PER_SESSION; keyed++) {
      const times = states.filter((k) => k === keyed).length;
      if (times === 0) out.lost++;
      out.duplicated += Math.max(0, times - 1);
    }
    out.backwards += states.filter((k, i) => i > 0 && k < Math.max(...states.slice(0, i))).length;
    if (states.at(-1) !== EVENTS_PER_SESSION) out.staleAtEnd++;
  }
  return out;
}

/** p50 and p99 of one storm round's times, and how many devices failed in it. */
interface StormRound {
  p50: number;
  p99: number;
  failures: number;
}

function stormKeys(prefix: string, rounds: StormRound[], row: Row, what: string) {
  const p50 = spread(
    rounds.map((r) => r.p50),
    1,
  );
  const p99s = spread(
    rounds.map((r) => r.p99),
    1,
  );
  const failures = rounds.reduce((n, r) => n + r.failures, 0);
  const note = `${TEAM_SIZES.devices} devices at once, median (min–max) of ${TRIALS.runs} rounds`;
  row(`${prefix}P50Ms`, shown(p50), `${what}, ${note}`);
  row(`${prefix}P99Ms`, shown(p99s), `the same, p99 of each round`);
  row(`${prefix}Failures`, failures, `devices that did not make it, all rounds (target 0)`);
  return {
    ...spreadKeys(`${prefix}P50Ms`, p50),
    ...spreadKeys(`${prefix}P99Ms`, p99s),
    [`${prefix}Failures`]: failures,
  };
}

const stormRound = (times: number[], failures: number): StormRound => ({
  p50: percentile(times, 50),
  p99: percentile(times, 99),
  failures,
});

/** Devices redeeming their invites at once, half on each instance: invite redeemed → link's hello. */
async function signInStorm(team: Team, row: Row) {
  const instances = [team.a, team.b];
  const rounds = await repeat(async () => {
    const invites = await Promise.all(
      Array.from({ length: TEAM_SIZES.devices }, () => inviteFor(team, 'agent')),
    );
    const devices: Device[] = [];
    const times: number[] = [];
    let failures = 0;
    await Promise.all(
      invites.map(async (invite, i) => {
        const t0 = performance.now();
        try {
          devices.push(await signInDevice(team, instances[i % 2]!, 'agent', { invite }));
          times.push(performance.now() - t0);
        } catch {
          failures++;
        }
      }),
    );
    for (const device of devices) device.close();
    return stormRound(times, failures);
  });
  row(
    'signInLimitPerMinute',
    team.signInPerMinute,
    'sign-in attempts allowed per address per minute, raised for the bench (default 10): every device here is 127.0.0.1',
  );
  return stormKeys('signInStorm', rounds, row, 'invite redeemed (POST /link/redeem) → the link connected');
}

/**
 * Linked agents, each with an open payment, half on each instance. Each round both instances drop
 * every device's socket at once while each agent's payment changes; each device must come back
 * resumed (no "read afresh") and show that change once: no gap, no repeat.
 */
async function reconnectStorm(team: Team, row: Row) {
  const instances = [team.a, team.b];
  const devices = await inBatches(
    Array.from({ length: TEAM_SIZES.devices }, (_, i) => i),
    IN_FLIGHT,
    (i) => signInDevice(team, instances[i % 2]!, 'agent'),
  );
  const sessions = await inBatches(
    devices,
    IN_FLIGHT,
    async (device) => (await startPayments(team, device, 1))[0]!,
  );
  let keyed = 0;
  let clock = Date.now();
  const rounds = await repeat(async () => {
    keyed++;
    const marks = devices.map((d) => d.changes.length);
    const t0 = performance.now();
    for (const server of instances) server.sockets.closeAll();
    await inBatches(sessions, IN_FLIGHT, (session, i) =>
      deliver(partialCallback(target(team, instances[(i + 1) % 2]!), session, keyed, new Date(++clock))),
    );
    const showed = (device: Device, i: number) =>
      device.shown.filter((s) => s.id === sessions[i]!.id && s.keyed === keyed).length;
    const back = (device: Device, i: number) =>
      device.changes.slice(marks[i]).find((c) => c.state === 'connected') && showed(device, i) > 0;
    await waitFor(() => devices.every(back), 30_000, 'every device back').catch(() => undefined);
    const times: number[] = [];
    let failures = 0;
    devices.forEach((device, i) => {
      const hello = device.changes.slice(marks[i]).find((c) => c.state === 'connected');
      if (!hello || hello.resync || showed(device, i) !== 1) failures++;
      else times.push(hello.at - t0);
    });
    return stormRound(times, failures);
  });
  for (const device of devices) device.close();
  return stormKeys(
    'reconnectStorm',
    rounds,
    row,
    'the server drops every link → each resumed from its last number (no gap, no repeat)',
  );
}
