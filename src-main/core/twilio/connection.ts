import type { Twilio } from 'twilio';
import type { Health } from '@shared/api';
import type { Mode } from '@shared/api';
import type { Sandbox, SandboxControl } from '../../sandbox';

/**
 * What the rest of the core needs from "Twilio", whichever it is: the sandbox in-process, or the
 * real account reached through a tunnel.
 */
export interface TwilioConnection {
  mode: Mode;
  /** The REST client, or undefined when live credentials are missing. */
  client(): Twilio | undefined;
  /** Base URL Twilio should call back on now; undefined while it cannot reach us. */
  callbackBase(): string | undefined;
  /** Base URLs a signed callback may have been addressed to (current first). */
  signatureBases(): string[];
  /** The token webhooks are signed with. */
  authToken(): string | undefined;
  /** A Webhook Setting's SharedKey secret, for webhooks Twilio signs with it instead (HMAC-SHA256). */
  webhookSharedKey(): string | undefined;
  health(): { twilio: Health; tunnel: Health };
  urls(): { sandbox?: string; publicUrl?: string };
  /** The sandbox's customers and ledger; undefined in live mode. */
  control(): SandboxControl | undefined;
  /** The whole in-process sandbox (faults, switches, ledger); undefined in live mode. */
  sandbox(): Sandbox | undefined;
  stop(): Promise<void>;
}
