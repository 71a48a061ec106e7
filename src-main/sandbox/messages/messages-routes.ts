import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageOf } from '../http';
import { TwilioError, invalidParameter, notFound } from '../http';
import { messageJson } from './message-json';
import { MessageFailureSchema } from './message-rules';
import type { MessageService } from './message-service';

type Params = { AccountSid: string; Sid: string };

// `DateSent>=2026-12-02` arrives as the key `DateSent>`: Twilio's on-or-after (and on-or-before) filters.
const day = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'DateSent must be a date (YYYY-MM-DD) or an ISO 8601 time.')
  .optional();
const ListQuery = z
  .object({
    To: z.string().optional(),
    From: z.string().optional(),
    DateSent: day,
    'DateSent>': day,
    'DateSent<': day,
  })
  .loose();

const dayStart = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
const dayEnd = (v: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? new Date(Date.parse(`${v}T00:00:00Z`) + 86_400_000)
    : new Date(Date.parse(v) + 1);

/** Messages: create (201), fetch and list; the body never reaches the sandbox's log. */
export function messagesRoutes(messages: MessageService) {
  return async (app: FastifyInstance) => {
    app.post('/Messages.json', { config: { operation: 'messages.create' } }, async (request, reply) => {
      const created = messages.create((request.body ?? {}) as Record<string, unknown>);
      return reply.code(201).send(messageJson(created));
    });
    app.get<{ Params: Params; Querystring: Record<string, string> }>(
      '/Messages.json',
      { config: { operation: 'messages.list' } },
      async (request) => {
        const parsed = ListQuery.safeParse(request.query);
        if (!parsed.success) throw invalidParameter(parsed.error.issues[0]?.message ?? 'Invalid filter.');
        const q = parsed.data;
        const on = q.DateSent;
        const found = messages.store.list({
          to: q.To,
          from: q.From,
          sentAfter: on ? dayStart(on) : q['DateSent>'] ? dayStart(q['DateSent>']) : undefined,
          sentBefore: on ? dayEnd(on) : q['DateSent<'] ? dayEnd(q['DateSent<']) : undefined,
        });
        const path = `/2010-04-01/Accounts/${request.params.AccountSid}/Messages.json`;
        return pageOf('messages', path, request.query, found, messageJson);
      },
    );
    app.get<{ Params: Params }>(
      '/Messages/:Sid.json',
      { config: { operation: 'messages.fetch' } },
      async (request) => {
        const message = messages.store.get(request.params.Sid);
        if (!message) throw notFound(request.url);
        return messageJson(message);
      },
    );
  };
}

/** `/_sandbox/messages/failure`: what the next messages do (none, undelivered, invalid-number, unsubscribed). */
export function messageFailureRoutes(messages: MessageService) {
  return async (app: FastifyInstance) => {
    app.put('/messages/failure', async (request, reply) => {
      const parsed = MessageFailureSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw new TwilioError(400, 20001, parsed.error.issues[0]?.message ?? 'invalid');
      messages.setFailure(parsed.data);
      return reply.code(204).send();
    });
  };
}
