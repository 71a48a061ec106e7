import WebSocket from 'ws';
import type { Envelope } from '@shared/api/errors';

/** Opens a WebSocket and reports the HTTP status if the upgrade was refused. */
export function openSocket(url: string, origin?: string): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** A minimal AppApi client over a Node WebSocket, for tests that drive the core directly. */
export function wsInvoker(socket: WebSocket) {
  let nextId = 1;
  const pending = new Map<number, (envelope: Envelope) => void>();
  const events: Array<{ name: string; payload: unknown }> = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === 'result') pending.get(frame.id)?.(frame.envelope);
    else events.push({ name: frame.name, payload: frame.payload });
  });
  return {
    events,
    invoke(name: string, args: unknown): Promise<Envelope> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, name, args }));
      });
    },
  };
}
