import websocket from '@fastify/websocket';
import type { SandboxExtension } from '../index';
import { customerCalls, runOutgoing } from './calls-in-out';
import { DeviceSession } from './device-session';
import { Switchboard } from './switchboard';
import { voiceRoutes } from './voice-routes';

export { SPECIAL_NUMBERS, numberBehaviour, SimulatedCustomer } from './customer';
export type { NumberBehaviour } from './customer';
export { Switchboard } from './switchboard';
export type { RingOutcome } from './switchboard';

/** The voice side of one sandbox, and in-process access to it once the sandbox has started. */
export interface SandboxVoice {
  extension: SandboxExtension;
  /** The switchboard; throws before the sandbox has started. */
  board(): Switchboard;
}

/**
 * Voice for the sandbox: the Voice SDK's signaling at `/signal` (ws), a WebRTC far end per call,
 * TwiML App and number webhooks, and `/_sandbox/voice` for simulated customers.
 */
export function createVoice(): SandboxVoice {
  let board: Switchboard | undefined;
  return {
    extension: async (ctx) => {
      const created = new Switchboard(ctx);
      created.onOutgoing = (leg, params) => runOutgoing(created, leg, params);
      board = created;
      await ctx.app.register(websocket);
      ctx.app.get('/signal', { websocket: true }, (socket) => {
        new DeviceSession(socket, created, ctx.credentials);
      });
      await ctx.app.register(voiceRoutes(created), { prefix: '/_sandbox/voice' });
      ctx.app.addHook('onClose', async () => {
        created.close();
        for (const client of ctx.app.websocketServer.clients) client.terminate();
      });
    },
    board() {
      if (!board) throw new Error('The sandbox voice has not started yet.');
      return board;
    },
  };
}

/** The voice side as a plain extension, for `startSandbox({ extensions: [voiceExtension] })`. */
export const voiceExtension: SandboxExtension = (ctx) => createVoice().extension(ctx);

/** A simulated customer calls `client:<identity>` or a sandbox number (the `POST /_sandbox/voice/calls` body). */
export { customerCalls };
