import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TwilioError, notFound } from '../http';
import { recordingTimeline } from './recording-json';
import type { RecordingStore } from './recording-store';

const Faults = z.object({ pause: z.boolean().optional(), resume: z.boolean().optional() }).strict();

/**
 * `/_sandbox/recordings`: each recording's timeline (the REST resource has no field for its pauses)
 * and the fault switch that makes pauses or resumes fail.
 */
export function recordingsControl(recordings: RecordingStore) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { CallSid?: string } }>('/recordings', async (request) => {
      const callSid = request.query.CallSid;
      const found = callSid ? recordings.list(callSid) : recordings.all();
      return { recordings: found.map(recordingTimeline) };
    });
    app.get<{ Params: { Sid: string } }>('/recordings/:Sid', async (request) => {
      const found = recordings.all().find((r) => r.sid === request.params.Sid);
      if (!found) throw notFound(`recording ${request.params.Sid}`);
      return recordingTimeline(found);
    });
    app.get('/recordings/faults', async () => recordings.faults);
    app.put('/recordings/faults', async (request) => {
      const parsed = Faults.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new TwilioError(400, 20001, 'Send {"pause": true|false, "resume": true|false}.');
      return Object.assign(recordings.faults, parsed.data);
    });
  };
}
