import { rfc2822 } from '../dates';
import type { RecordingRecord } from './recording-store';
import { recordedSeconds } from './recording-store';

/** A call recording as the 2010 REST API renders it (Twilio's fields; no field carries the pauses). */
export function recordingJson(r: RecordingRecord): Record<string, unknown> {
  const done = r.status === 'stopped' || r.status === 'completed';
  return {
    account_sid: r.accountSid,
    api_version: '2010-04-01',
    call_sid: r.callSid,
    conference_sid: null,
    channels: r.channels,
    date_created: rfc2822(r.dateCreated),
    date_updated: rfc2822(r.dateUpdated),
    start_time: rfc2822(r.startTime),
    price: null,
    price_unit: null,
    duration: done ? String(recordedSeconds(r)) : null,
    sid: r.sid,
    source: 'StartCallRecordingAPI',
    status: r.status,
    error_code: null,
    encryption_details: null,
    track: r.track,
    uri: `/2010-04-01/Accounts/${r.accountSid}/Calls/${r.callSid}/Recordings/${r.sid}.json`,
  };
}

/** The control API's view: the timeline, each stretch with how many keypresses fell in it. */
export function recordingTimeline(r: RecordingRecord) {
  return {
    sid: r.sid,
    callSid: r.callSid,
    status: r.status,
    intervals: r.intervals.map((i) => ({
      kind: i.kind,
      start: i.start.toISOString(),
      end: i.end?.toISOString() ?? null,
      keys: i.keys,
    })),
    /** Keypresses whose tones are in the recording. */
    keysRecorded: r.intervals.filter((i) => i.kind === 'recorded').reduce((n, i) => n + i.keys, 0),
  };
}
