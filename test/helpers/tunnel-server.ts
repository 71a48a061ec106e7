import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A small localtunnel server on 127.0.0.1 that speaks the real client's protocol (reference
 * voice-sdk-and-offline-rig.md §4): `GET /?new` or `GET /<id>` answers JSON with a TCP port for the
 * client's sockets; each tunnel gets its own public port (no `*.localhost` names needed), and a
 * public connection is piped raw to one idle client socket.
 */
export interface TestTunnelServer {
  /** Pass as the localtunnel `host` option. */
  url: string;
  /** Public URLs handed out so far, oldest first. */
  urls(): string[];
  /** Kills every client socket and listener of the live tunnels: the client sees refused connections. */
  dropAll(): void;
  /** Public connections are accepted but go nowhere: a silent loss only a heartbeat notices. */
  blackhole(on: boolean): void;
  /** The handshake answers 503 while on. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

interface Tunnel {
  id: string;
  control: Server;
  pub: Server;
  idle: Socket[];
  waiting: Socket[];
  all: Set<Socket>;
  url: string;
}

const listen = (server: Server | HttpServer) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

export async function startTunnelServer(): Promise<TestTunnelServer> {
  const tunnels = new Map<string, Tunnel>();
  const handedOut: string[] = [];
  let blackholed = false;
  let refusing = false;

  const pair = (t: Tunnel) => {
    while (t.idle.length > 0 && t.waiting.length > 0) {
      const client = t.idle.shift()!;
      const visitor = t.waiting.shift()!;
      if (client.destroyed || visitor.destroyed) continue;
      const end = () => {
        client.destroy();
        visitor.destroy();
      };
      client.once('close', end);
      visitor.once('close', end);
      // Forward by hand so a blackhole also silences connections already open (keep-alive).
      visitor.on('data', (chunk) => blackholed || client.write(chunk));
      client.on('data', (chunk) => blackholed || visitor.write(chunk));
    }
  };

  const open = async (id: string): Promise<Tunnel> => {
    const t: Tunnel = { id, idle: [], waiting: [], all: new Set(), url: '' } as unknown as Tunnel;
    t.control = createNetServer((socket) => {
      t.all.add(socket);
      socket.on('close', () => {
        t.all.delete(socket);
        t.idle = t.idle.filter((s) => s !== socket);
      });
      socket.on('error', () => undefined);
      t.idle.push(socket);
      pair(t);
    });
    t.pub = createNetServer((visitor) => {
      t.all.add(visitor);
      visitor.on('close', () => t.all.delete(visitor));
      visitor.on('error', () => undefined);
      if (blackholed) return;
      t.waiting.push(visitor);
      pair(t);
    });
    await listen(t.control);
    const pubPort = await listen(t.pub);
    t.url = `http://127.0.0.1:${pubPort}`;
    tunnels.set(id, t);
    handedOut.push(t.url);
    return t;
  };

  const kill = (t: Tunnel) => {
    for (const socket of t.all) socket.destroy();
    t.control.close();
    t.pub.close();
    tunnels.delete(t.id);
  };

  const api = createHttpServer((req, res) => {
    if (refusing) {
      res.writeHead(503).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const wanted = url.pathname.slice(1);
    const id = url.search === '?new' || wanted === '' ? randomBytes(5).toString('hex') : wanted;
    if (!/^[a-z0-9-]{4,63}$/.test(id)) {
      res.writeHead(403).end();
      return;
    }
    const existing = tunnels.get(id);
    if (existing) kill(existing);
    open(id).then((t) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          port: (t.control.address() as AddressInfo).port,
          // Ten, as the real server offers: keep-alive connections each hold one client socket here.
          max_conn_count: 10,
          url: t.url,
        }),
      );
    });
  });
  const port = await listen(api);

  return {
    url: `http://127.0.0.1:${port}`,
    urls: () => [...handedOut],
    dropAll: () => {
      for (const t of [...tunnels.values()]) kill(t);
    },
    blackhole: (on) => {
      blackholed = on;
    },
    refuse: (on) => {
      refusing = on;
    },
    close: async () => {
      for (const t of [...tunnels.values()]) kill(t);
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}
