import type { Settings, SettingsPatch } from '@shared/api';
import { AppError } from '@shared/api';
import type { PhoneToken } from '@shared/api';
import type { AppLog } from '../log';
import type { SecretStore } from '../settings/secret-store';
import type { TwilioConnection } from '../twilio';
import { followPublicUrl } from '../twilio/account-setup';
import { CustomerLegs } from '../twilio/customer-leg';
import { mintVoiceToken, VOICE_TOKEN_TTL_SECONDS } from '../twilio/voice-token';
import { provisionSandbox, withVoice, type SandboxOptions, type SandboxPhone } from '../sandbox-mode';

export interface PhoneDeps {
  settings: () => Settings;
  saveSettings: (patch: SettingsPatch) => Promise<unknown>;
  secrets: () => SecretStore | undefined;
  connection: () => TwilioConnection | undefined;
  /** The receiver's local URL: the sandbox's TwiML App points here. */
  receiverUrl: string;
  log: AppLog;
  ttlSeconds?: number;
  /** Whose Device the token is for, when not the settings' agentIdentity (Callpay Server: the signed-in person). */
  identity?: () => string | undefined;
}

/** The softphone's side of main: tokens, the sandbox's voice, customer legs, and keeping URLs current. */
export class PhoneService {
  readonly legs = new CustomerLegs();
  #sandbox: SandboxPhone | undefined;
  #sandboxKey: { sid: string; secret: string } | undefined;
  #followed: string | undefined;

  constructor(private readonly deps: PhoneDeps) {}

  /** The sandbox's options with a fresh voice side added; call once per sandbox start. */
  sandboxOptions(options: SandboxOptions | undefined): SandboxOptions {
    const made = withVoice(options);
    this.#sandbox = made.phone;
    return made.options;
  }

  /** After each (re)connect: in sandbox mode, set the sandbox up for calls; live, follow the public URL. */
  async connected(connection: TwilioConnection): Promise<void> {
    const client = connection.client();
    if (connection.mode === 'sandbox' && this.#sandbox && client) {
      // A copy: the app keeps the key it was given, as it would keep a real one.
      const { apiKeySid, apiKeySecret } = connection.sandbox()!.credentials;
      this.#sandboxKey = { sid: apiKeySid, secret: apiKeySecret };
      await provisionSandbox(this.#sandbox, client, this.deps.receiverUrl);
    } else {
      this.#sandbox = undefined;
      this.#followed = undefined;
    }
  }

  /** Sandbox mode: the wss signaling's `127.0.0.1:<port>`, which the desktop's CSP allows. */
  signalingAddress(): string | undefined {
    try {
      return this.#sandbox?.voice.secureSignaling().chunderw;
    } catch {
      return undefined; // the sandbox is still starting
    }
  }

  /** Sandbox mode's caller ID, when the settings name none. */
  sandboxCallerId(): string | undefined {
    return this.#sandbox?.callerId;
  }

  /** The number outgoing calls show: the settings' caller ID, else the sandbox's number. */
  callerId(): string | undefined {
    return this.deps.settings().twilio.callerId ?? this.sandboxCallerId();
  }

  /** Live mode: the tunnel's public URL changed, so the TwiML App and the number must follow it. */
  async publicUrlChanged(publicUrl: string | undefined): Promise<void> {
    const client = this.deps.connection()?.client();
    const settings = this.deps.settings();
    if (!publicUrl || !client || publicUrl === this.#followed || !settings.twilio.twimlAppSid) return;
    this.#followed = publicUrl;
    try {
      await followPublicUrl(client, publicUrl, settings.twilio.callerId);
      this.deps.log.info('phone.urls_followed', {});
    } catch (error) {
      this.#followed = undefined;
      this.deps.log.warn('phone.urls_follow_failed', { status: (error as { status?: number }).status });
    }
  }

  /** A fresh access token for the agent's Device, and where the Device should connect. */
  async token(): Promise<PhoneToken> {
    const connection = this.deps.connection();
    const settings = this.deps.settings();
    const identity = this.deps.identity?.() ?? settings.agentIdentity;
    const ttlSeconds = this.deps.ttlSeconds ?? VOICE_TOKEN_TTL_SECONDS;
    if (connection?.mode === 'sandbox') {
      const sandbox = connection.sandbox()!;
      const phone = this.#sandbox;
      if (!phone?.twimlAppSid || !this.#sandboxKey)
        throw new AppError('phone_not_ready', 'The sandbox phone is still starting. Try again in a moment.');
      const token = mintVoiceToken({
        accountSid: sandbox.credentials.accountSid,
        apiKeySid: this.#sandboxKey.sid,
        apiKeySecret: this.#sandboxKey.secret,
        twimlAppSid: phone.twimlAppSid,
        identity,
        ttlSeconds,
      });
      const { chunderw } = phone.voice.secureSignaling();
      return {
        token,
        identity,
        ttlSeconds,
        device: {
          chunderw,
          signalingUrl: `${sandbox.url.replace(/^http/, 'ws')}/signal`,
          certificateUrl: `https://${chunderw}/`,
          publishEvents: false,
        },
      };
    }
    const { accountSid, apiKeySid, twimlAppSid } = settings.twilio;
    const apiKeySecret = await this.deps
      .secrets()
      ?.get('apiKeySecret')
      .catch(() => undefined);
    if (!accountSid || !apiKeySid || !apiKeySecret || !twimlAppSid)
      throw new AppError(
        'phone_not_set_up',
        'The phone is not set up: save your Account SID and Auth Token in Settings › Twilio account.',
      );
    const token = mintVoiceToken({ accountSid, apiKeySid, apiKeySecret, twimlAppSid, identity, ttlSeconds });
    return { token, identity, ttlSeconds, device: { publishEvents: true } };
  }
}
