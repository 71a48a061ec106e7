import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postForm } from '../../../src-main/sandbox/http';

// The sandbox's sender of webhooks and callbacks, against a plain HTTP server standing in for the
// receiver: what it sends, what it hands back, and how it gives up.
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const readBody = async (request: IncomingMessage) => {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
};

describe('postForm', () => {
  it('posts the form with its headers and length, and hands back the status and text of the answer', async () => {
    const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> =
      [];
    const url = await serve(async (request, response) => {
      seen.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: await readBody(request),
      });
      response.writeHead(202, { 'content-type': 'text/xml' }).end('<Response/>');
    });
    const body = new URLSearchParams({ Sid: 'PK1', PaymentCardNumber: 'xxxx1111' }).toString();
    const answer = await postForm(
      `${url}/twilio/payments/status?x=1`,
      body,
      { 'x-twilio-signature': 'sig' },
      5_000,
    );
    expect(answer).toEqual({ status: 202, body: '<Response/>' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/twilio/payments/status?x=1', body });
    expect(seen[0]!.headers['x-twilio-signature']).toBe('sig');
    expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('sends one request after another on the same kept-alive connection', async () => {
    const peers = new Set<number>();
    const url = await serve((request, response) => {
      peers.add(request.socket.remotePort!);
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    for (let i = 0; i < 5; i++) expect((await postForm(url, 'a=1', {}, 5_000)).status).toBe(204);
    expect(peers.size).toBe(1);
  });

  it('gives up with a TimeoutError when the receiver never answers, and says who did not', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    const failure = await postForm(url, 'a=1', {}, 200).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('TimeoutError');
    expect((failure as Error).message).toContain(url);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('rejects when nothing listens, and when the receiver drops the connection mid-answer', async () => {
    const closed = await serve(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(postForm(closed, 'a=1', {}, 5_000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
      setTimeout(() => request.socket.destroy(), 10);
    });
    await expect(postForm(url, 'a=1', {}, 5_000)).rejects.toBeInstanceOf(Error);
  });
});
