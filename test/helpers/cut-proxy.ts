import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** Pipes two sockets both ways, kept in `open` while they last; either one ending ends both. */
export function relay(client: Socket, upstream: Socket, open: Set<Socket>): void {
  for (const [a, b] of [
    [client, upstream],
    [upstream, client],
  ] as const) {
    a.pipe(b);
    a.on('error', () => b.destroy());
    a.on('close', () => b.destroy());
    open.add(a);
    a.on('close', () => open.delete(a));
  }
}

/**
 * A TCP relay in front of a server, whose network a test can pull: `offline()` drops every open
 * connection and refuses new ones (a laptop's Wi-Fi gone), `online()` lets them through again.
 */
export async function startCutProxy() {
  const open = new Set<Socket>();
  // A loopback port, or a Unix socket's path (PostgreSQL's).
  let target: number | string = 0;
  let up = true;
  const server = createServer((client) => {
    if (!up || target === 0) return client.destroy();
    const upstream = typeof target === 'string' ? connect(target) : connect(target, '127.0.0.1');
    relay(client, upstream, open);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /** Where connections are relayed to (set once the server behind it listens). */
    to(where: number | string) {
      target = where;
    },
    offline() {
      up = false;
      for (const socket of open) socket.destroy();
    },
    online() {
      up = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
