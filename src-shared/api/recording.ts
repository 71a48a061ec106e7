import { z } from 'zod';
import { CallSid } from '../domain/sids';

/**
 * Where a call's recording stands for the payment guard: running, being paused, paused for a
 * payment, refused to pause, stopped by the agent, not resumed, absent, or over with the call.
 */
export const RECORDING_STATES = [
  'recording',
  'pausing',
  'paused',
  'pause-failed',
  'stopped',
  'resume-failed',
  'none',
  'ended',
] as const;
export const RecordingState = z.enum(RECORDING_STATES);
export type RecordingState = z.infer<typeof RecordingState>;

/** A call's recording as the agent sees it: its state and one sentence about it. */
export const RecordingStatus = z.object({
  callSid: z.string(),
  state: RecordingState,
  message: z.string(),
  /** The payment the recording is paused (or refused to pause) for. */
  sessionId: z.string().optional(),
});
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** Names the call whose recording a command is about. */
export const RecordingRef = z.object({ callSid: CallSid }).strict();

/** What each state says to the agent. */
export const RECORDING_MESSAGES: Record<RecordingState, string> = {
  recording: 'This call is being recorded.',
  pausing: 'Pausing the call recording before any card details are asked for…',
  paused: 'Recording paused for payment.',
  'pause-failed':
    'The call recording could not be paused, so no card details will be asked for while it runs. Stop the recording, or cancel the payment.',
  stopped: 'The recording is stopped: the rest of this call is not recorded.',
  'resume-failed':
    'The payment is over, but the recording could not be resumed: the rest of this call is not recorded.',
  none: 'This call has no recording, so there is nothing to pause.',
  ended: 'The call has ended, and its recording with it.',
};
