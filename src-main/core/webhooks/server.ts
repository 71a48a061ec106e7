import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface WebhookServer {
  /** http://127.0.0.1:<port>, the receiver's local address. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The only place the receiver listens: 127.0.0.1, on the given port or a free one. */
export async function listenWebhooks(app: FastifyInstance, port = 0): Promise<WebhookServer> {
  await app.listen({ host: '127.0.0.1', port });
  const actual = (app.server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${actual}`, port: actual, close: () => app.close() };
}
