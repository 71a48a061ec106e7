import type { Handlers } from '../api/host';
import type { RecordingGuard } from './recording-guard';

/** The recording commands: where a call's recording stands, try the pause again, stop it. */
export function recordingHandlers(
  guard: RecordingGuard,
): Pick<Handlers, 'recording.get' | 'recording.pause' | 'recording.stop'> {
  return {
    'recording.get': ({ callSid }) => guard.status(callSid),
    'recording.pause': ({ callSid }) => guard.pause(callSid),
    'recording.stop': ({ callSid }) => guard.stop(callSid),
  };
}

type CustomerHandlers = Pick<Handlers, 'sandbox.callIn'>;

/** The sandbox customer's "call in" is a call answered at once: it is recorded like any answered call. */
export function recordedCallIns<T extends CustomerHandlers>(handlers: T, guard: RecordingGuard): T {
  const callIn = handlers['sandbox.callIn'];
  return {
    ...handlers,
    'sandbox.callIn': async (args) => {
      const call = await callIn(args);
      // A call to the softphone is recorded when its leg status says it was answered.
      if (!args.softphone) await guard.callAnswered(call.sid);
      return call;
    },
  };
}
