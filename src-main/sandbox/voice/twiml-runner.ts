import type { CallRecord } from '../calls';
import { tone } from './audio';
import { callParams, endedWithin, hasEnded } from './call-events';
import { dialAll, type DialResult } from './dial';
import { isClientLeg, type Party } from './legs';
import type { Switchboard } from './switchboard';
import { TwimlError, parseTwiml, type Verb } from './twiml-parser';

/** Runs after a TwiML fetch fails: Twilio's "application error", with its error code. */
export class ApplicationError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Fetches TwiML with a signed POST, as Twilio fetches a VoiceUrl, Redirect or Dial action. */
export async function fetchTwiml(
  board: Switchboard,
  url: string,
  params: Record<string, string>,
): Promise<Verb[]> {
  let response: { status: number; body: string };
  try {
    response = await board.host.postSigned(url, params);
  } catch {
    throw new ApplicationError(11200, `The sandbox could not reach ${url}.`);
  }
  if (response.status < 200 || response.status >= 300) {
    throw new ApplicationError(11200, `${url} answered HTTP ${response.status}.`);
  }
  const call = board.host.calls.get(params.CallSid ?? '');
  if (call) call.documentUrl = url;
  try {
    return parseTwiml(response.body);
  } catch (error) {
    if (error instanceof TwimlError) throw new ApplicationError(error.code, error.message);
    throw error;
  }
}

/**
 * Runs TwiML verbs on a call whose far end is `party`, following `<Redirect>` and `<Dial action>`,
 * and hangs up at the end of the document as Twilio does. `answer` is called (idempotent) when the
 * call must be answered: before a sound, or when the dialled party answers with `answerOnBridge`.
 * Sounds (`<Say>`, `<Play>`) are tones of their length, heard by an agent on a Device leg.
 */
export async function runTwiml(
  board: Switchboard,
  call: CallRecord,
  party: Party | undefined,
  first: Verb[],
  answer: () => void,
  extraParams: Record<string, string> = {},
): Promise<void> {
  const { calls, clock } = board.host;
  const params = () => callParams(call, extraParams);
  const playFor = async (ms: number, hz?: number) => {
    answer();
    if (hz && isClientLeg(party)) party.media.play(tone(hz, ms));
    await endedWithin(calls, clock, [call.sid], ms);
  };
  let verbs = first;
  for (let i = 0; i < verbs.length && !hasEnded(calls, call.sid); i++) {
    const verb = verbs[i]!;
    switch (verb.verb) {
      case 'Say':
        await playFor(Math.max(1, verb.loop) * Math.min(3000, 300 + 40 * verb.text.length), 660);
        break;
      case 'Play':
        await playFor(Math.max(1, verb.loop) * 1000, 880);
        break;
      case 'Pause':
        await playFor(verb.seconds * 1000);
        break;
      case 'Hangup':
        calls.setStatus(call.sid, 'completed');
        return;
      case 'Reject':
        calls.setStatus(call.sid, verb.reason === 'busy' ? 'busy' : 'failed');
        return;
      case 'Redirect':
        verbs = await fetchTwiml(board, verb.url, params());
        i = -1;
        break;
      case 'Dial': {
        if (!verb.answerOnBridge) answer();
        const result = await dialAll(board, call, party, verb.targets, {
          onAnswered: answer,
          timeoutSeconds: verb.timeoutSeconds,
          ...(verb.callerId ? { callerId: verb.callerId } : {}),
        });
        if (!verb.action || hasEnded(calls, call.sid)) break;
        verbs = await fetchTwiml(board, verb.action, { ...params(), ...dialParams(result) });
        i = -1;
        break;
      }
    }
  }
  if (!hasEnded(calls, call.sid)) calls.setStatus(call.sid, 'completed');
}

function dialParams(result: DialResult): Record<string, string> {
  return {
    DialCallStatus: result.status,
    DialCallDuration: String(result.duration),
    ...(result.childSid ? { DialCallSid: result.childSid } : {}),
  };
}
