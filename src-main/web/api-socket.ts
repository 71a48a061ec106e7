import type { RawData, WebSocket } from 'ws';
import { ClientFrame, type ServerFrame } from '@shared/api';
import type { ApiHost } from '../core/api/host';

const MAX_FRAME_BYTES = 256 * 1024;

/** One invocation frame off the socket; a frame that is no invocation closes the socket and gives undefined. */
export function readClientFrame(
  socket: WebSocket,
  data: RawData,
  isBinary: boolean,
): ClientFrame | undefined {
  const text = isBinary ? '' : data.toString();
  if (text.length === 0 || text.length > MAX_FRAME_BYTES) return void socket.close(1009, 'Bad frame');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return void socket.close(1007, 'Frames must be JSON');
  }
  const frame = ClientFrame.safeParse(json);
  if (!frame.success) return void socket.close(1007, 'Unknown frame');
  return frame.data;
}

/** Carries the AppApi over one WebSocket: invocations in, results and events out. No behaviour of its own. */
export function carryOverWebSocket(socket: WebSocket, host: Pick<ApiHost, 'dispatch' | 'subscribe'>): void {
  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = host.subscribe((name, payload) => send({ type: 'event', name, payload }));
  socket.on('close', unsubscribe);

  socket.on('message', async (data, isBinary) => {
    const frame = readClientFrame(socket, data, isBinary);
    if (!frame) return;
    const envelope = await host.dispatch(frame.name, frame.args);
    send({ type: 'result', id: frame.id, envelope });
  });
}
