import { newSid } from '../ids';
import type { Clock } from '../clock';
import type { CallStore } from '../calls';
import { isEnded } from '../calls';
import { TwilioError, notFound } from '../http';

export type RecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'completed';
export type PauseBehavior = 'skip' | 'silence';

/**
 * One stretch of a recording's timeline: audio kept (`recorded`), replaced by silence, or left out
 * (`skipped`). `keys` counts the customer's keypresses that fell in it: in a `recorded` one their
 * tones are in the recording.
 */
export interface RecordingInterval {
  kind: 'recorded' | 'silence' | 'skipped';
  start: Date;
  end?: Date;
  keys: number;
}

/** A call recording as the sandbox's Twilio keeps it (no audio: its timeline and what it heard). */
export interface RecordingRecord {
  sid: string;
  accountSid: string;
  callSid: string;
  status: RecordingStatus;
  channels: 1 | 2;
  track: 'inbound' | 'outbound' | 'both';
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date;
  intervals: RecordingInterval[];
}

/** What a fault switch makes fail: the next pauses, the next resumes (until switched off). */
export interface RecordingFaults {
  pause?: boolean;
  resume?: boolean;
}

const STOPPED: ReadonlySet<RecordingStatus> = new Set(['stopped', 'completed']);

/** Call recordings over the CallStore: start, pause (skip or silence), resume, stop, and the call's end. */
export class RecordingStore {
  private readonly recordings = new Map<string, RecordingRecord>();
  private readonly stopListening: Array<() => void> = [];
  readonly faults: RecordingFaults = {};

  constructor(
    private readonly calls: CallStore,
    private readonly clock: Clock,
  ) {
    this.stopListening.push(
      calls.on('status', (call) => {
        if (!isEnded(call.status)) return;
        for (const r of this.list(call.sid)) this.finish(r, 'completed');
      }),
    );
  }

  /** Starts recording a call in progress (both legs of its bridge are heard). */
  create(callSid: string, options: { channels: 1 | 2; track: RecordingRecord['track'] }): RecordingRecord {
    const call = this.liveCall(callSid);
    const now = this.clock.now();
    const recording: RecordingRecord = {
      sid: newSid('RE'),
      accountSid: call.accountSid,
      callSid,
      status: 'in-progress',
      ...options,
      dateCreated: now,
      dateUpdated: now,
      startTime: now,
      intervals: [{ kind: 'recorded', start: now, keys: 0 }],
    };
    this.recordings.set(recording.sid, recording);
    // The customer's keys reach the recording from whichever leg of the bridge they are pressed on.
    const legs = [
      callSid,
      call.parentCallSid,
      ...this.calls.list({ parentCallSid: callSid }).map((c) => c.sid),
    ];
    for (const leg of legs.filter((l): l is string => l !== undefined)) {
      this.stopListening.push(this.calls.onDigit(leg, () => this.heard(recording)));
    }
    return recording;
  }

  /** A call's recordings, oldest first. */
  list(callSid: string): RecordingRecord[] {
    return [...this.recordings.values()].filter((r) => r.callSid === callSid);
  }

  all(): RecordingRecord[] {
    return [...this.recordings.values()];
  }

  /** A recording of this call by Sid, or `Twilio.CURRENT`: the newest one still running or paused. */
  find(callSid: string, sid: string): RecordingRecord {
    const found =
      sid === 'Twilio.CURRENT'
        ? this.list(callSid).findLast((r) => !STOPPED.has(r.status))
        : this.recordings.get(sid);
    if (!found || found.callSid !== callSid) throw notFound(`/Calls/${callSid}/Recordings/${sid}.json`);
    return found;
  }

  /** Status=paused|in-progress|stopped; a pause keeps the timeline with silence, or skips it. */
  update(recording: RecordingRecord, status: 'paused' | 'in-progress' | 'stopped', behavior: PauseBehavior) {
    this.liveCall(recording.callSid);
    if (STOPPED.has(recording.status)) {
      throw new TwilioError(
        400,
        21220,
        `Recording ${recording.sid} has ${recording.status}; it can no longer change.`,
      );
    }
    if (status === 'paused' && this.faults.pause)
      throw new TwilioError(500, 20500, 'The recording could not be paused (a sandbox fault).');
    if (status === 'in-progress' && this.faults.resume)
      throw new TwilioError(500, 20500, 'The recording could not be resumed (a sandbox fault).');
    if (status === 'stopped') return this.finish(recording, 'stopped');
    if (status === recording.status) return recording;
    this.turn(recording, status === 'paused' ? (behavior === 'skip' ? 'skipped' : 'silence') : 'recorded');
    recording.status = status;
    return recording;
  }

  close(): void {
    for (const stop of this.stopListening.splice(0)) stop();
  }

  private heard(recording: RecordingRecord): void {
    const open = recording.intervals.at(-1);
    if (open && open.end === undefined) open.keys += 1;
  }

  private turn(recording: RecordingRecord, kind: RecordingInterval['kind']): void {
    const now = this.clock.now();
    const open = recording.intervals.at(-1);
    if (open && open.end === undefined) open.end = now;
    recording.intervals.push({ kind, start: now, keys: 0 });
    recording.dateUpdated = now;
  }

  private finish(recording: RecordingRecord, status: 'stopped' | 'completed'): RecordingRecord {
    if (STOPPED.has(recording.status)) return recording;
    const now = this.clock.now();
    const open = recording.intervals.at(-1);
    if (open && open.end === undefined) open.end = now;
    recording.status = status;
    recording.dateUpdated = now;
    return recording;
  }

  private liveCall(callSid: string) {
    const call = this.calls.get(callSid);
    if (!call) throw notFound(`/Calls/${callSid}`);
    if (call.status !== 'in-progress')
      throw new TwilioError(400, 21220, `Call ${callSid} is not in-progress (it is ${call.status}).`);
    return call;
  }
}

/** Seconds the recording file holds: every stretch but the skipped ones. */
export function recordedSeconds(recording: RecordingRecord): number {
  const ms = recording.intervals
    .filter((i) => i.kind !== 'skipped' && i.end)
    .reduce((sum, i) => sum + (i.end!.getTime() - i.start.getTime()), 0);
  return Math.round(ms / 1000);
}
