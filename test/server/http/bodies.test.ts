import Fastify from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFrom, InviteBody, JoinBody, RedeemBody } from '../../../src-main/server/http/bodies';

const app = Fastify({ logger: false });
beforeAll(async () => {
  await app.register(fastifyFormbody);
  app.post('/redeem', bodyFrom(RedeemBody), async (request) => ({ body: request.body }));
  app.post('/invite', bodyFrom(InviteBody), async (request) => ({ body: request.body }));
  app.post(
    '/join',
    bodyFrom(JoinBody, (reply, refusal) => reply.type('text/html').send(`<p>${refusal.message}</p>`)),
    async () => 'in',
  );
  await app.ready();
});
afterAll(() => app.close());

const post = (url: string, payload: unknown) =>
  app.inject({ method: 'POST', url, payload: payload as object });

describe('route bodies checked by their schemas', () => {
  it('lets a well-formed body through as it came, an optional field left out', async () => {
    const ok = await post('/redeem', { code: 'abc' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ body: { code: 'abc' } });
  });

  it('refuses a body without its code with 400, a sentence and the field, not an empty code', async () => {
    const missing = await post('/redeem', { label: 'Ana’s laptop' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      error: {
        code: 'invalid_argument',
        message: 'Send the invite code from the invite link.',
        field: 'code',
      },
    });
    const wrongType = await post('/redeem', { code: { nested: true } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({ error: { field: 'code' } });
  });

  it('tells an invite’s bad role in the words the team’s Role schema uses', async () => {
    const bad = await post('/invite', { name: 'Ana Ruiz', role: 'owner' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: {
        code: 'invalid_argument',
        message: 'The role must be agent, supervisor or admin.',
        field: 'role',
      },
    });
  });

  it('answers a form route the way the route answers: the sign-in page', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/join',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'other=1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect(bad.body).toBe('<p>Send the invite code from the invite link.</p>');
  });
});
