import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PersonName, Role } from '../accounts';

const InviteCode = z.string({ error: 'Send the invite code from the invite link.' });

/** `POST /join`: the invite page's form. */
export const JoinBody = z.object({ code: InviteCode });

/** `POST /link/redeem`: a desktop trading its invite code for a device credential. */
export const RedeemBody = z.object({
  code: InviteCode,
  label: z.string({ error: 'The device’s label must be text.' }).optional(),
});

/** `POST /admin/invites`: an admin inviting one person. */
export const InviteBody = z.object({ name: PersonName, role: Role });

/** A body that failed its route's schema, as the server's other refusals are shaped. */
export interface BodyRefusal {
  code: 'invalid_argument';
  message: string;
  field?: string;
}

/**
 * Route options for a body its zod schema describes: Fastify checks the body against the schema's
 * JSON form, and one that fails gets 400 with the zod schema's own sentence and the field it names
 * (`answer` sends it, as JSON `{ error }` unless the route answers another way).
 */
export function bodyFrom(
  schema: z.ZodObject,
  answer: (reply: FastifyReply, refusal: BodyRefusal) => FastifyReply = (reply, refusal) =>
    reply.send({ error: refusal }),
) {
  const { $schema: _dialect, ...body } = z.toJSONSchema(schema, { io: 'input' });
  void _dialect;
  return {
    schema: { body },
    // Fastify keeps the failure on the request (its other errors, such as a rate limit's, go on as ever).
    attachValidation: true,
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      if (!request.validationError) return;
      const issue = schema.safeParse(request.body).error?.issues[0];
      const field = issue?.path.join('.') || undefined;
      const message = issue?.message ?? request.validationError.message;
      return answer(reply.code(400), { code: 'invalid_argument', message, field });
    },
  };
}
