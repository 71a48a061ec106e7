import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands, COMMAND_NAMES, type CommandName } from '@shared/api/contract';
import { Envelope } from '@shared/api/errors';
import { defaultSettings } from '@shared/api/settings';
import { ServerFrame } from '@shared/api/wire';
import { ApiHost, type Handlers } from '../../src-main/core/api/host';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { carryOverWebSocket } from '../../src-main/web/api-socket';
import { tempDir } from '../helpers/temp-dir';
import { openSocket } from '../helpers/ws-client';

/** A host whose handlers record what reaches them (and answer with something their result allows). */
function spyHost() {
  const calls: Array<{ name: CommandName; args: unknown }> = [];
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      (args: unknown) => {
        calls.push({ name, args });
        return name === 'settings.get' ? defaultSettings : {};
      },
    ]),
  ) as unknown as Handlers;
  return { host: new ApiHost(handlers), calls };
}

/** Just enough of ws's WebSocket for the carrier: message events in, send/close out. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: unknown[] = [];
  closedWith: number | undefined;
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code: number) {
    if (this.readyState !== this.OPEN) return;
    this.closedWith = code;
    this.readyState = 3;
    this.emit('close');
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const names = fc.oneof(
  fc.constantFrom(...COMMAND_NAMES),
  fc.constantFrom('__proto__', 'constructor', 'settings.get ', 'x'.repeat(101), ''),
  fc.string({ maxLength: 20 }),
);
const invoke = fc.record(
  {
    type: fc.oneof(
      { weight: 5, arbitrary: fc.constant('invoke') },
      fc.constantFrom('result', 'event', 'INVOKE'),
    ),
    id: fc.oneof({ weight: 5, arbitrary: fc.nat() }, fc.constantFrom(-1, 1.5, '7', null, 2 ** 60)),
    name: fc.oneof({ weight: 5, arbitrary: names }, fc.jsonValue()),
    args: fc.oneof(fc.jsonValue(), fc.constant({ agentIdentity: 'maria' }), fc.constant({})),
  },
  { requiredKeys: [] },
);

/** A frame as the carrier receives it: text (JSON or not) or binary. */
const frame = fc.oneof(
  { weight: 6, arbitrary: invoke.map((f) => ({ text: JSON.stringify(f), binary: false })) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null', binary: false })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text) => ({ text, binary: false })) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map((text) => ({ text, binary: false })),
  },
  { weight: 1, arbitrary: invoke.map((f) => ({ text: JSON.stringify(f), binary: true })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { text: '', binary: false },
      {
        text: '{"__proto__":{"polluted":true},"type":"invoke","id":1,"name":"settings.get","args":{}}',
        binary: false,
      },
      {
        text: `{"type":"invoke","id":1,"name":"settings.get","args":"${'x'.repeat(300_000)}"}`,
        binary: false,
      },
    ),
  },
);

describe('AppApi over the WebSocket carrier under random frames', () => {
  it('closes the socket on a malformed frame, otherwise answers it once; handlers only see valid arguments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 8 }), async (frames) => {
        const { host, calls } = spyHost();
        const socket = new FakeSocket();
        carryOverWebSocket(socket as unknown as WebSocket, host);
        for (const { text, binary } of frames) {
          if (socket.readyState !== socket.OPEN) break;
          const before = { sent: socket.sent.length, calls: calls.length };
          socket.emit('message', Buffer.from(text), binary);
          await settle();
          const replies = socket.sent.slice(before.sent);
          if (socket.closedWith !== undefined) {
            expect([1007, 1009]).toContain(socket.closedWith);
            expect(replies).toEqual([]);
            expect(calls.length).toBe(before.calls);
            continue;
          }
          // Still open: the frame was well formed, so exactly one result with its id came back.
          const parsed = JSON.parse(text) as { id: number };
          expect(replies).toHaveLength(1);
          const reply = ServerFrame.parse(replies[0]);
          expect(reply).toMatchObject({ type: 'result', id: parsed.id });
          if (reply.type === 'result') {
            expect(Envelope.safeParse(reply.envelope).success).toBe(true);
            if (!reply.envelope.ok) expect(calls.length).toBe(before.calls);
          }
        }
        for (const call of calls) expect(commands[call.name].args.safeParse(call.args).success).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        // A closed socket hears no more events.
        if (socket.readyState !== socket.OPEN) {
          const sent = socket.sent.length;
          host.emit('settings.changed', defaultSettings);
          expect(socket.sent.length).toBe(sent);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the browser-mode server under random frames on real sockets', () => {
  vi.setConfig({ testTimeout: 20_000 });
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let server: WebServer;
  let spies: ReturnType<typeof spyHost>;

  beforeAll(async () => {
    dir = await tempDir('fuzz-ws-');
    const rendererDir = join(dir.path, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Callpay</title>');
    spies = spyHost();
    server = await startWebServer({ host: spies.host, rendererDir });
  });
  afterAll(async () => {
    await server?.close();
    await dir?.cleanup();
  });

  const open = async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const { socket } = await openSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, origin);
    return socket!;
  };

  /** Sends one frame; resolves with the reply frame, or the close code if the server closed instead. */
  function exchange(socket: WebSocket, text: string, binary: boolean) {
    return new Promise<{ reply?: unknown; closed?: number }>((resolve) => {
      socket.once('message', (data) => resolve({ reply: JSON.parse(String(data)) }));
      socket.once('close', (code) => resolve({ closed: code }));
      socket.send(binary ? Buffer.from(text) : text);
    });
  }

  it('never goes down: each frame gets a result or a close, and a fresh socket still works', async () => {
    await fc.assert(
      fc.asyncProperty(frame, async ({ text, binary }) => {
        const socket = await open();
        const outcome = await exchange(socket, text, binary);
        if (outcome.closed !== undefined) expect([1007, 1009]).toContain(outcome.closed);
        else expect(ServerFrame.safeParse(outcome.reply).success).toBe(true);
        socket.terminate();
      }),
      { numRuns: 40 },
    );
    const socket = await open();
    const { reply } = await exchange(
      socket,
      JSON.stringify({ type: 'invoke', id: 9, name: 'settings.get', args: {} }),
      false,
    );
    expect(reply).toMatchObject({ type: 'result', id: 9, envelope: { ok: true } });
    socket.terminate();
    for (const call of spies.calls) expect(commands[call.name].args.safeParse(call.args).success).toBe(true);
  });
});
