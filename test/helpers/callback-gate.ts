import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The public side of a fixed receiver URL, as a proxy or ingress would be: it forwards every request
 * to the receiver, and while held it keeps callbacks (POSTs) back and delivers them, in order, on
 * release. A test holds it across a kill and restart so a Result lands on the restarted core.
 */
export interface CallbackGate {
  url: string;
  hold(): void;
  release(): Promise<void>;
  /** Loses every held POST, as a callback sent to a receiver that was down is lost. */
  drop(): void;
  /** POSTs waiting. */
  readonly held: number;
  close(): Promise<void>;
}

interface Held {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  answer: (status: number, text: string) => void;
}

const FORWARDED = ['content-type', 'x-twilio-signature', 'i-twilio-idempotency-token', 'user-agent'];

export async function startCallbackGate(targetUrl: () => string): Promise<CallbackGate> {
  let holding = false;
  const queue: Held[] = [];
  const forward = async ({ method, url, headers, body, answer }: Held) => {
    try {
      const res = await fetch(`${targetUrl()}${url}`, {
        method,
        headers,
        body: body.length > 0 ? new Uint8Array(body) : undefined,
      });
      answer(res.status, await res.text());
    } catch {
      answer(502, 'The receiver is not answering.');
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const name of FORWARDED) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const item: Held = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers,
        body: Buffer.concat(chunks),
        answer: (status, text) => res.writeHead(status).end(text),
      };
      if (holding && req.method === 'POST') queue.push(item);
      else void forward(item);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hold: () => void (holding = true),
    async release() {
      holding = false;
      while (queue.length > 0) await forward(queue.shift()!);
    },
    drop() {
      holding = false;
      for (const item of queue.splice(0)) item.answer(502, 'The receiver was not answering.');
    },
    get held() {
      return queue.length;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const item of queue.splice(0)) item.answer(503, 'Closed.');
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
