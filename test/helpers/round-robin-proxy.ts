import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { relay } from './cut-proxy';

/** Headers a load balancer passes on; the rest of a request (path, body) goes through unchanged. */
const FORWARDED = ['content-type', 'x-twilio-signature', 'i-twilio-idempotency-token', 'user-agent'];

export interface RoundRobinProxy {
  url: string;
  /** The instances behind it, in turn; set once they are listening. */
  targets: string[];
  /** Where the team link goes (its WebSocket upgrades and /link routes), in turn: each instance's app port. */
  linkPorts: number[];
  /** Each request's target and path, in arrival order, with its answer's status (0 while unanswered). */
  readonly forwarded: Array<{ target: string; path: string; status: number }>;
  close(): Promise<void>;
}

/**
 * A small load balancer of our own: each request goes to the next target in turn, as a
 * round-robin balancer in front of several Callpay Server instances would send Twilio's webhooks.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let next = 0;
  let nextLink = 0;
  const open = new Set<Socket>();
  const proxy: Omit<RoundRobinProxy, 'url' | 'close'> = { targets: [], linkPorts: [], forwarded: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      // The team link's routes (a device's sign-in) go to the app, as the link itself does.
      const toApp = req.url?.startsWith('/link') && proxy.linkPorts.length > 0;
      const target = toApp
        ? `http://127.0.0.1:${proxy.linkPorts[nextLink++ % proxy.linkPorts.length]}`
        : proxy.targets[next++ % proxy.targets.length];
      if (!target) return res.writeHead(503).end('No instance is up.');
      const headers: Record<string, string> = {};
      for (const name of FORWARDED) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = Buffer.concat(chunks);
      // Recorded as it arrives (its status once answered, 0 until then), so the order is arrival's.
      const entry = { target, path: req.url ?? '/', status: 0 };
      proxy.forwarded.push(entry);
      try {
        const answer = await fetch(`${target}${req.url ?? '/'}`, {
          method: req.method,
          headers,
          body: body.length > 0 ? new Uint8Array(body) : undefined,
        });
        entry.status = answer.status;
        const type = answer.headers.get('content-type');
        res.writeHead(answer.status, type ? { 'content-type': type } : {}).end(await answer.text());
      } catch {
        entry.status = 502;
        res.writeHead(502).end('The instance is not answering.');
      }
    });
  });
  // A link stays on the instance it reached, byte for byte (Host included), until either side drops.
  server.on('upgrade', (req, client: Socket, head: Buffer) => {
    const port = proxy.linkPorts[nextLink++ % proxy.linkPorts.length];
    if (port === undefined) return client.destroy();
    const upstream = connect(port, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      relay(client, upstream, open);
    });
    upstream.once('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  });
}
