import type { CallRecord } from '../calls';
import { TwilioError } from '../http';
import { callParams } from './call-events';
import type { ClientLeg, Switchboard } from './switchboard';
import { ApplicationError, fetchTwiml, runTwiml } from './twiml-runner';
import type { Verb } from './twiml-parser';

/** The SDK's "generic error" code: the app's TwiML could not be fetched or run. */
const SDK_APPLICATION_ERROR = 31000;

/** An SDK call: fetch the token's TwiML App VoiceUrl (signed POST), answer the Device, run the TwiML. */
export async function runOutgoing(
  board: Switchboard,
  leg: ClientLeg,
  sdkParams: URLSearchParams,
): Promise<void> {
  const grant = leg.session.grant!;
  const appSid = grant.outgoingApplicationSid;
  const app = appSid ? board.host.resources.application(appSid) : undefined;
  const voiceUrl = app?.voiceUrl;
  if (!appSid || !voiceUrl) {
    const why = appSid
      ? `The TwiML App ${appSid} has no Voice URL`
      : 'The access token has no outgoing TwiML App';
    return board.failCall(leg, SDK_APPLICATION_ERROR, `${why}; set one before placing calls.`);
  }
  const call = board.host.calls.get(leg.sid)!;
  finalStatusCallback(board, call, app?.statusCallback, { ApplicationSid: appSid });
  const extra = {
    ApplicationSid: appSid,
    ...grant.outgoingApplicationParams,
    ...Object.fromEntries(sdkParams),
  };
  try {
    const verbs = await fetchTwiml(board, voiceUrl, callParams(call, extra));
    await runTwiml(board, call, leg, verbs, () => board.answerOutgoing(leg), { ApplicationSid: appSid });
  } catch (error) {
    const message =
      error instanceof ApplicationError ? `Twilio error ${error.code}: ${error.message}` : 'The call failed.';
    board.host.log('voice.application_error', { code: error instanceof ApplicationError ? error.code : 0 });
    board.failCall(leg, SDK_APPLICATION_ERROR, message);
  }
}

/**
 * A simulated customer calls in. To `client:<identity>` it rings that Device directly (as if the
 * number's TwiML were `<Dial><Client>`); to a sandbox number it runs that number's VoiceUrl.
 * Resolves with the customer's (parent) leg as soon as the call starts; the rest runs on its own.
 */
export async function customerCalls(
  board: Switchboard,
  input: { from: string; to: string; params?: Record<string, string> },
): Promise<CallRecord> {
  const { calls, resources, log } = board.host;
  const identity = input.to.startsWith('client:') ? input.to.slice('client:'.length) : undefined;
  const number = identity === undefined ? resources.numberByPhone(input.to) : undefined;
  // A number pointed at a TwiML App runs that App's Voice URL instead of its own, as on Twilio.
  const viaApp = number?.voiceApplicationSid ? resources.application(number.voiceApplicationSid) : undefined;
  const voiceUrl = viaApp ? viaApp.voiceUrl : number?.voiceUrl;
  if (identity !== undefined && !board.registeredIdentities().includes(identity)) {
    throw new TwilioError(404, 20404, `No Device is registered as "${identity}"; register one first.`);
  }
  if (identity === undefined && !voiceUrl) {
    throw new TwilioError(404, 20404, `${input.to} is not a sandbox number with a Voice URL.`);
  }
  const call = calls.create({ from: input.from, to: input.to, direction: 'inbound', status: 'ringing' });
  const customer = board.addCustomer(call.sid);
  finalStatusCallback(board, call, number?.statusCallback);
  const start = async (): Promise<Verb[]> => {
    if (identity !== undefined) {
      const target = { kind: 'client' as const, identity, params: input.params ?? {} };
      return [{ verb: 'Dial', targets: [target], timeoutSeconds: 30, answerOnBridge: true }];
    }
    return fetchTwiml(board, voiceUrl!, callParams(call));
  };
  void start()
    .then((verbs) => {
      return runTwiml(board, call, customer, verbs, () => calls.setStatus(call.sid, 'in-progress'));
    })
    .catch((error: unknown) => {
      log('voice.application_error', { code: error instanceof ApplicationError ? error.code : 0 });
      calls.setStatus(call.sid, 'failed');
    });
  return call;
}

/**
 * Posts the call's final status to the App's or number's StatusCallback once it ends, as Twilio does:
 * one call-progress event (these resources take no StatusCallbackEvent), signed, with its Timestamp.
 */
function finalStatusCallback(
  board: Switchboard,
  call: CallRecord,
  url: string | undefined,
  extra: Record<string, string> = {},
): void {
  if (!url) return;
  board.onEnd(call.sid, () => {
    const params = callParams(call, {
      ...extra,
      CallDuration: String(call.duration ?? 0),
      Duration: String(Math.ceil((call.duration ?? 0) / 60)),
      CallbackSource: 'call-progress-events',
      SequenceNumber: '0',
      Timestamp: board.host.clock.now().toUTCString(),
    });
    board.host.postSigned(url, params).then(
      (res) => board.host.log('voice.status_callback', { event: 'completed', status: res.status }),
      () => board.host.log('voice.status_callback_failed', { event: 'completed' }),
    );
  });
}
