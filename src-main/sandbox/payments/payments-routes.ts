import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Switches } from '../switches';
import type { IdempotencyStore } from './idempotency';
import type { CaptureService } from './capture-service';

type Params = { Params: { AccountSid: string; CallSid: string; Sid: string } };

/** Payments create (201) and update (202), with IdempotencyKey replay. */
export function paymentsRoutes(payments: CaptureService, idempotency: IdempotencyStore, switches: Switches) {
  return async (app: FastifyInstance) => {
    app.post<Params>(
      '/Calls/:CallSid/Payments.json',
      { config: { operation: 'payments.create' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        // createIdempotency=none: Twilio remembers no create key, so a repeat meets the session it opened.
        const scope = switches.createIdempotency === 'none' ? undefined : `create|${request.params.CallSid}`;
        return replayOr(reply, idempotency, scope, body, switches, 201, () =>
          payments.create(request.params.CallSid, body),
        );
      },
    );
    app.post<Params>(
      '/Calls/:CallSid/Payments/:Sid.json',
      { config: { operation: 'payments.update' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const { CallSid, Sid } = request.params;
        const scope = `update|${CallSid}|${Sid}`;
        return replayOr(reply, idempotency, scope, body, switches, 202, () =>
          payments.update(CallSid, Sid, body),
        );
      },
    );
  };
}

function replayOr(
  reply: FastifyReply,
  idempotency: IdempotencyStore,
  scope: string | undefined,
  body: Record<string, unknown>,
  switches: Switches,
  status: number,
  work: () => unknown,
) {
  const key =
    scope && typeof body.IdempotencyKey === 'string' && body.IdempotencyKey ? body.IdempotencyKey : undefined;
  const earlier =
    scope && key ? idempotency.replay(scope, key, body, switches.idempotencyConflict) : undefined;
  if (earlier) return reply.code(earlier.status).send(earlier.body);
  const result = work();
  if (scope && key) idempotency.remember(scope, key, body, status, result);
  return reply.code(status).send(result);
}
