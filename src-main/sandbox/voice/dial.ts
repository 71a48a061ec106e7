import type { CallRecord } from '../calls';
import { callParams, endedWithin, hasEnded } from './call-events';
import { numberBehaviour } from './customer';
import type { Party, Switchboard } from './switchboard';
import type { DialTarget, StatusCallback } from './twiml-parser';

/** How a `<Dial>` ended, as Twilio reports it in DialCallStatus. */
export interface DialResult {
  status: 'completed' | 'answered' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  childSid?: string;
  /** Seconds the child leg was connected. */
  duration: number;
}

export interface DialOptions {
  callerId?: string;
  /** Learns each child leg's SID as it is created (to cancel the losers of a parallel dial). */
  onCreated?: (sid: string) => void;
  /** Asked when a child answers: false means a sibling answered first, so this one stands down. */
  claim?: (sid: string) => boolean;
  /** Runs when the dialled party answers, before the bridge (answers the caller with answerOnBridge). */
  onAnswered?: () => void;
  timeoutSeconds: number;
}

/**
 * Dials every target at once, as Twilio does for several nouns in one `<Dial>`: the first to answer
 * is bridged, the others are canceled. Without an answer, the most telling status wins.
 */
export async function dialAll(
  board: Switchboard,
  parent: CallRecord,
  parentParty: Party | undefined,
  targets: DialTarget[],
  options: DialOptions,
): Promise<DialResult> {
  const { calls } = board.host;
  const children = new Set<string>();
  let winner: string | undefined;
  const claim = (sid: string) => {
    if (winner !== undefined) return false;
    winner = sid;
    for (const other of children)
      if (other !== sid && !hasEnded(calls, other)) calls.setStatus(other, 'canceled');
    return true;
  };
  const onCreated = (sid: string) => void children.add(sid);
  const results = await Promise.all(
    targets.map((target) => dial(board, parent, parentParty, target, { ...options, onCreated, claim })),
  );
  const answered = results.find((r) => r.childSid === winner);
  if (answered) return answered;
  const order: DialResult['status'][] = ['no-answer', 'busy', 'failed', 'canceled'];
  return results.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status))[0]!;
}

/** Dials one target as a child leg of `parent`, bridges it to `parentParty` once answered, waits for the end. */
export async function dial(
  board: Switchboard,
  parent: CallRecord,
  parentParty: Party | undefined,
  target: DialTarget,
  options: DialOptions,
): Promise<DialResult> {
  return target.kind === 'number'
    ? dialNumber(board, parent, parentParty, target, options)
    : dialClient(board, parent, parentParty, target, options);
}

async function dialNumber(
  board: Switchboard,
  parent: CallRecord,
  parentParty: Party | undefined,
  target: Extract<DialTarget, { kind: 'number' }>,
  options: DialOptions,
): Promise<DialResult> {
  const { calls, clock } = board.host;
  const child = calls.create({
    from: options.callerId ?? parent.from,
    to: target.number,
    direction: 'outbound-dial',
    parentCallSid: parent.sid,
  });
  options.onCreated?.(child.sid);
  const notify = progressNotifier(board, target.statusCallback);
  notify('initiated', child);
  const behaviour = numberBehaviour(target.number);
  const gone = () => hasEnded(calls, parent.sid) || hasEnded(calls, child.sid);
  const finish = (status: 'busy' | 'no-answer' | 'failed' | 'canceled'): DialResult => {
    const final = hasEnded(calls, parent.sid) ? 'canceled' : status;
    calls.setStatus(child.sid, final);
    notify('completed', child);
    return { status: final, childSid: child.sid, duration: 0 };
  };
  if (behaviour === 'failed') return finish('failed');
  if (await endedWithin(calls, clock, [parent.sid], 100)) return finish('canceled');
  calls.setStatus(child.sid, 'ringing');
  notify('ringing', child);
  const ringMs =
    behaviour === 'answer'
      ? Math.min(board.ringMs, options.timeoutSeconds * 1000)
      : behaviour === 'busy'
        ? 300
        : options.timeoutSeconds * 1000;
  await endedWithin(calls, clock, [parent.sid, child.sid], ringMs);
  if (gone()) return finish('canceled');
  if (behaviour !== 'answer') return finish(behaviour);
  if (options.claim && !options.claim(child.sid)) return finish('canceled');
  calls.setStatus(child.sid, 'in-progress');
  options.onAnswered?.();
  notify('answered', child);
  const customer = board.addCustomer(child.sid);
  return connected(board, parentParty, customer, child, notify);
}

async function dialClient(
  board: Switchboard,
  parent: CallRecord,
  parentParty: Party | undefined,
  target: Extract<DialTarget, { kind: 'client' }>,
  options: DialOptions,
): Promise<DialResult> {
  const notify = progressNotifier(board, target.statusCallback);
  const { call, outcome } = await board.ringClient(target.identity, {
    from: options.callerId ?? parent.from,
    parentCallSid: parent.sid,
    params: target.params,
    timeoutMs: options.timeoutSeconds * 1000,
    onCreated: (created) => {
      options.onCreated?.(created.sid);
      notify('initiated', created);
      notify('ringing', created);
    },
  });
  if (outcome === 'answered' && options.claim && !options.claim(call.sid)) {
    board.host.calls.setStatus(call.sid, 'completed'); // a sibling answered first: hang up this Device
    return { status: 'canceled', childSid: call.sid, duration: 0 };
  }
  if (outcome !== 'answered') {
    notify('completed', call);
    return { status: outcome, childSid: call.sid, duration: 0 };
  }
  options.onAnswered?.();
  notify('answered', call);
  return connected(board, parentParty, board.leg(call.sid), call, notify);
}

/** Bridges an answered child leg and waits until either leg ends. */
async function connected(
  board: Switchboard,
  parentParty: Party | undefined,
  childParty: Party | undefined,
  child: CallRecord,
  notify: (event: string, call: CallRecord) => void,
): Promise<DialResult> {
  const { calls, clock } = board.host;
  const disconnect = parentParty && childParty ? board.bridge(parentParty, childParty) : () => undefined;
  await endedWithin(calls, clock, [child.parentCallSid!, child.sid]);
  disconnect();
  if (!hasEnded(calls, child.sid)) calls.setStatus(child.sid, 'completed');
  const final = calls.get(child.sid)!;
  notify('completed', final);
  return { status: 'completed', childSid: child.sid, duration: final.duration ?? 0 };
}

/** Posts `<Number>`/`<Client>` status callbacks for the requested events, one at a time, in order. */
function progressNotifier(board: Switchboard, callback: StatusCallback | undefined) {
  let sequence = 0;
  let chain = Promise.resolve();
  return (event: string, call: CallRecord) => {
    if (!callback?.events.has(event)) return;
    const status = event === 'initiated' ? 'initiated' : event === 'answered' ? 'in-progress' : call.status;
    const params = callParams(call, {
      CallStatus: status,
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence++),
      Timestamp: board.host.clock.now().toUTCString(),
      ...(event === 'completed' ? { CallDuration: String(call.duration ?? 0), Duration: minutes(call) } : {}),
    });
    chain = chain
      .then(() => board.host.postSigned(callback.url, params))
      .then(
        (res) => board.host.log('voice.status_callback', { event, status: res.status }),
        () => board.host.log('voice.status_callback_failed', { event }),
      );
  };
}

function minutes(call: CallRecord): string {
  return String(Math.ceil((call.duration ?? 0) / 60));
}
