import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageOf } from '../http';
import { TwilioError, invalidParameter, notFound } from '../http';
import { callJson } from './call-json';
import type { CallStatus, CallStore } from './call-store';
import { isEnded } from './call-store';

const statuses = [
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;
const ListQuery = z.object({
  ParentCallSid: z.string().optional(),
  Status: z.enum(statuses, { message: `Status must be one of ${statuses.join(', ')}.` }).optional(),
  To: z.string().optional(),
  From: z.string().optional(),
});
const UpdateBody = z.object({ Status: z.enum(['completed', 'canceled']).optional() }).loose();

type Params = { AccountSid: string; CallSid: string };

/** Calls: fetch, list (ParentCallSid, Status, To, From filters) and update (Status=completed hangs up). */
export function callsRoutes(calls: CallStore) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: Params; Querystring: Record<string, string> }>(
      '/Calls.json',
      { config: { operation: 'calls.list' } },
      async (request) => {
        const parsed = ListQuery.safeParse(request.query);
        if (!parsed.success) throw invalidParameter(parsed.error.issues[0]?.message ?? 'Invalid filter.');
        const { ParentCallSid, Status, To, From } = parsed.data;
        const found = calls
          .list({ parentCallSid: ParentCallSid, status: Status })
          .filter((c) => (!To || c.to === To) && (!From || c.from === From));
        const path = `/2010-04-01/Accounts/${request.params.AccountSid}/Calls.json`;
        return pageOf('calls', path, request.query, found, callJson);
      },
    );

    app.get<{ Params: Params }>(
      '/Calls/:CallSid.json',
      { config: { operation: 'calls.fetch' } },
      async (request) => {
        const call = calls.get(request.params.CallSid);
        if (!call) throw notFound(request.url);
        return callJson(call);
      },
    );

    app.post<{ Params: Params }>(
      '/Calls/:CallSid.json',
      { config: { operation: 'calls.update' } },
      async (request) => {
        const call = calls.get(request.params.CallSid);
        if (!call) throw notFound(request.url);
        const body = UpdateBody.safeParse(request.body ?? {});
        if (!body.success || !body.data.Status) {
          throw new TwilioError(
            400,
            20001,
            'The sandbox can update a call only with Status=completed or Status=canceled.',
          );
        }
        if (isEnded(call.status)) {
          throw new TwilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
        }
        const target: CallStatus = call.status === 'in-progress' ? 'completed' : 'canceled';
        // Twilio ignores Status=canceled for a call that is already answered; Status=completed ends either.
        if (body.data.Status === 'completed' || target === 'canceled') calls.setStatus(call.sid, target);
        return callJson(call);
      },
    );
  };
}
