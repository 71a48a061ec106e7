import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageOf } from '../http';
import { invalidParameter } from '../http';
import { recordingJson } from './recording-json';
import type { RecordingStore } from './recording-store';

const CreateBody = z
  .object({
    RecordingChannels: z
      .enum(['mono', 'dual'], { message: 'RecordingChannels must be mono or dual.' })
      .default('mono'),
    RecordingTrack: z
      .enum(['inbound', 'outbound', 'both'], { message: 'RecordingTrack must be inbound, outbound or both.' })
      .default('both'),
    Trim: z
      .enum(['trim-silence', 'do-not-trim'], { message: 'Trim must be trim-silence or do-not-trim.' })
      .optional(),
  })
  .loose();
const UpdateBody = z
  .object({
    Status: z.enum(['paused', 'in-progress', 'stopped'], {
      message: 'Status is required: paused, in-progress or stopped.',
    }),
    PauseBehavior: z
      .enum(['skip', 'silence'], { message: 'PauseBehavior must be skip or silence.' })
      .default('silence'),
  })
  .loose();

type Params = { Params: { AccountSid: string; CallSid: string; Sid: string } };

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw invalidParameter(parsed.error.issues[0]?.message ?? 'Invalid parameters.');
  return parsed.data;
}

/** Call Recordings: create (201), list, fetch, and update Status with PauseBehavior (200). */
export function recordingsRoutes(recordings: RecordingStore) {
  return async (app: FastifyInstance) => {
    app.post<Params>(
      '/Calls/:CallSid/Recordings.json',
      { config: { operation: 'recordings.create' } },
      async (request, reply) => {
        const body = parse(CreateBody, request.body);
        const recording = recordings.create(request.params.CallSid, {
          channels: body.RecordingChannels === 'dual' ? 2 : 1,
          track: body.RecordingTrack,
        });
        return reply.code(201).send(recordingJson(recording));
      },
    );
    app.get<Params & { Querystring: Record<string, string> }>(
      '/Calls/:CallSid/Recordings.json',
      { config: { operation: 'recordings.list' } },
      async (request) => {
        const { AccountSid, CallSid } = request.params;
        const path = `/2010-04-01/Accounts/${AccountSid}/Calls/${CallSid}/Recordings.json`;
        const newestFirst = recordings.list(CallSid).reverse();
        return pageOf('recordings', path, request.query, newestFirst, recordingJson);
      },
    );
    app.get<Params>(
      '/Calls/:CallSid/Recordings/:Sid.json',
      { config: { operation: 'recordings.fetch' } },
      async (request) => recordingJson(recordings.find(request.params.CallSid, request.params.Sid)),
    );
    app.post<Params>(
      '/Calls/:CallSid/Recordings/:Sid.json',
      { config: { operation: 'recordings.update' } },
      async (request) => {
        const body = parse(UpdateBody, request.body);
        const recording = recordings.find(request.params.CallSid, request.params.Sid);
        return recordingJson(recordings.update(recording, body.Status, body.PauseBehavior));
      },
    );
  };
}
