import type { Twilio } from 'twilio';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../twilio';

/** A recording of a call, as far as the guard needs it. */
export interface CallRecordingInfo {
  sid: string;
  status: string;
}

/** The Call Recordings writes and reads the guard makes, through the official client. */
export interface RecordingsApi {
  /** Starts recording the call (both tracks, one channel per party); resolves with its Sid. */
  start(callSid: string): Promise<string>;
  /** The call's recordings still running or paused. */
  live(callSid: string): Promise<CallRecordingInfo[]>;
  /** Status=paused (PauseBehavior=silence, so the timeline is kept), in-progress or stopped. */
  setStatus(callSid: string, sid: string, status: 'paused' | 'in-progress' | 'stopped'): Promise<void>;
}

const LIVE = new Set(['in-progress', 'paused']);

/**
 * Call Recordings through the official client. A status update says where the recording should be,
 * so sending it again is harmless and it is retried like any write. A start is sent once: sent again
 * it could make a second recording, and a start whose answer was lost is found by the next listing.
 */
export function recordingsApi(client: () => Twilio, policy: RetryPolicy = DEFAULT_RETRY): RecordingsApi {
  return {
    async start(callSid) {
      const made = await client()
        .calls(callSid)
        .recordings.create({ recordingChannels: 'dual', recordingTrack: 'both' });
      return made.sid;
    },
    async live(callSid) {
      const list = await withRetry(() => client().calls(callSid).recordings.list({ limit: 50 }), policy);
      return list.filter((r) => LIVE.has(r.status)).map((r) => ({ sid: r.sid, status: r.status }));
    },
    async setStatus(callSid, sid, status) {
      await withRetry(
        () =>
          client()
            .calls(callSid)
            .recordings(sid)
            .update(status === 'paused' ? { status, pauseBehavior: 'silence' } : { status }),
        policy,
      );
    },
  };
}
