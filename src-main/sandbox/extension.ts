import type { FastifyInstance } from 'fastify';
import type { SandboxLog } from './rest-app';
import type { CallStore } from './calls';
import type { Clock } from './clock';
import type { CustomerCallRouter } from './control';
import type { AllowedOrigins } from './http';
import type { SandboxCredentials } from './credentials';
import type { ApplicationRecord, KeyRecord, NumberRecord } from './setup';
import type { Switches } from './switches';

/** A module that adds to the sandbox before it listens (the Voice side is one). */
export type SandboxExtension = (ctx: SandboxContext) => void | Promise<void>;

/** What an extension gets: the app before it listens, the calls, and helpers to act like Twilio. */
export interface SandboxContext {
  app: FastifyInstance;
  calls: CallStore;
  credentials: SandboxCredentials;
  switches: Switches;
  clock: Clock;
  log: SandboxLog;
  allowedOrigins: AllowedOrigins;
  /** POSTs form params to a URL signed as the sandbox signs webhooks (see `webhookSigning`), e.g. a TwiML VoiceUrl. */
  postSigned(url: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  /** The Applications / IncomingPhoneNumbers / Keys stored by REST. */
  resources: {
    application(sid: string): ApplicationRecord | undefined;
    numberByPhone(e164: string): NumberRecord | undefined;
    key(sid: string): KeyRecord | undefined;
  };
  /**
   * Lets an extension take `POST /_sandbox/calls` for targets it serves (a `client:` Device, a number
   * with a Voice URL); it answers undefined for the rest, which become plain answered calls.
   */
  routeCustomerCalls(router: CustomerCallRouter): void;
}
