import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { SandboxExtension } from '../extension';
import { customerCalls, runOutgoing } from './calls-in-out';
import { DeviceSession } from './device-session';
import { startSecureSignaling, type SecureSignaling } from './secure-signaling';
import { Switchboard } from './switchboard';
import { voiceRoutes } from './voice-routes';

export { SPECIAL_NUMBERS, numberBehaviour, SimulatedCustomer } from './customer';
export type { NumberBehaviour } from './customer';
export { Switchboard } from './switchboard';
export type { RingOutcome } from './switchboard';
export type { SecureSignaling } from './secure-signaling';

/** The voice side of one sandbox, and in-process access to it once the sandbox has started. */
export interface SandboxVoice {
  extension: SandboxExtension;
  /** The switchboard; throws before the sandbox has started. */
  board(): Switchboard;
  /** The wss endpoint for the SDK's `chunderw` option; throws before the sandbox has started. */
  secureSignaling(): SecureSignaling;
}

export interface VoiceOptions {
  /** Port for the wss signaling listener on 127.0.0.1; 0 (default) picks a free one. */
  securePort?: number;
  /** How long a dialled customer's phone rings before they answer (default 800 ms, sandbox time). */
  ringMs?: number;
  /** How often the signaling sends its heartbeat (default 10 s; the SDK gives up after 15 s of silence). */
  heartbeatMs?: number;
}

/**
 * Voice for the sandbox: the Voice SDK's signaling at `/signal` (ws), a WebRTC far end per call,
 * TwiML App and number webhooks, and `/_sandbox/voice` for simulated customers.
 */
export function createVoice(options: VoiceOptions = {}): SandboxVoice {
  let board: Switchboard | undefined;
  let secure: SecureSignaling | undefined;
  return {
    extension: async (ctx) => {
      const created = new Switchboard(ctx, runOutgoing, options.ringMs);
      board = created;
      await ctx.app.register(websocket);
      const session = (socket: WebSocket) => void new DeviceSession(socket, created, options.heartbeatMs);
      ctx.app.get('/signal', { websocket: true }, session);
      const tls = await startSecureSignaling(session, ctx.allowedOrigins, options.securePort);
      secure = tls;
      await ctx.app.register(voiceRoutes(created, tls), { prefix: '/_sandbox/voice' });
      // POST /_sandbox/calls rings a Device, or a number whose Voice URL Callpay answers.
      ctx.routeCustomerCalls(async (input) => {
        const number = ctx.resources.numberByPhone(input.to);
        const served = input.to.startsWith('client:') || number?.voiceUrl || number?.voiceApplicationSid;
        return served ? customerCalls(created, input) : undefined;
      });
      ctx.app.addHook('onClose', async () => {
        created.close();
        for (const client of ctx.app.websocketServer.clients) client.terminate();
        await tls.close();
      });
    },
    board() {
      if (!board) throw new Error('The sandbox voice has not started yet.');
      return board;
    },
    secureSignaling() {
      if (!secure) throw new Error('The sandbox voice has not started yet.');
      return secure;
    },
  };
}

/** The voice side as a plain extension, for `startSandbox({ extensions: [voiceExtension] })`. */
export const voiceExtension: SandboxExtension = (ctx) => createVoice().extension(ctx);

/** A simulated customer calls `client:<identity>` or a sandbox number (the `POST /_sandbox/voice/calls` body). */
export { customerCalls };
