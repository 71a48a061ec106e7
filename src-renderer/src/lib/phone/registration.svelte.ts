import { Device } from '@twilio/voice-sdk';
import type { AppApi } from '@shared/api/contract';
import type { PhoneToken } from '@shared/api/phone';
import { bundledSounds } from './sounds';
import { registrationReason, signalingUnreachable } from './registration-reason';

export type RegistrationState = 'starting' | 'registering' | 'registered' | 'unregistered';

/**
 * Keeps the agent's Device registered: mints tokens through main, renews them on tokenWillExpire,
 * and re-registers with backoff (the watchdog) whenever registration is lost or refused.
 */
export class Registration {
  #state = $state<RegistrationState>('starting');
  #reason = $state<string | undefined>();
  #device: Device | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #stopped = false;
  #refreshes = $state(0);
  #key: string | undefined;
  /** Sandbox mode in a browser: where its per-run certificate can be accepted (see PhoneToken). */
  #certificateUrl: string | undefined;
  #certificateRefused = $state(false);

  constructor(
    private readonly api: AppApi,
    private readonly onDevice: (device: Device) => void,
    private readonly retryMs = 2000,
    // Tests hand in a stand-in; the app always uses the SDK's Device.
    private readonly makeDevice = (token: string, options: Device.Options) => new Device(token, options),
  ) {
    // A mode switch or a restarted sandbox moves the signaling; a new agent name needs a new token.
    let where: string | undefined;
    api.on('app.status', (status) => {
      const next = `${status.mode}|${status.urls.sandbox ?? ''}`;
      if (where !== undefined && next !== where) void this.restart();
      where = next;
    });
    api.on('settings.changed', (settings) => {
      if (this.#identity !== undefined && settings.agentIdentity !== this.#identity) void this.restart();
    });
  }

  #identity: string | undefined;

  get state() {
    return this.#state;
  }
  /** Set while not registered: what went wrong. */
  get reason() {
    return this.#reason;
  }
  get device() {
    return this.#device;
  }
  /** Set while the browser has not accepted the sandbox's certificate: the page to open. */
  get certificateUrl() {
    return this.#state === 'unregistered' && this.#certificateRefused ? this.#certificateUrl : undefined;
  }
  /** How many times the token has been renewed (shown in diagnostics, used by tests). */
  get refreshes() {
    return this.#refreshes;
  }

  async start() {
    this.#stopped = false;
    await this.#register();
  }

  /** Registers afresh now (new token; a new Device when it must connect elsewhere or as someone else). */
  async restart() {
    if (this.#stopped) return;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#attempt = 0;
    await this.#register();
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#device?.destroy();
    this.#device = undefined;
  }

  async #register() {
    this.#state = 'registering';
    let minted: PhoneToken;
    try {
      minted = await this.api.invoke('phone.token', {});
    } catch (error) {
      return this.#lost(error instanceof Error ? error.message : String(error));
    }
    if (this.#stopped) return;
    const key = JSON.stringify([minted.identity, minted.device]);
    if (this.#device && key !== this.#key) {
      const old = this.#device;
      this.#device = undefined;
      old.removeAllListeners();
      old.destroy();
    }
    this.#key = key;
    this.#identity = minted.identity;
    // The desktop app trusts the sandbox's certificate itself; only a browser has to be shown it.
    this.#certificateUrl = window.callpay ? undefined : minted.device.certificateUrl;
    if (!this.#device) this.#device = this.#create(minted);
    else this.#device.updateToken(minted.token);
    try {
      if (this.#device.state !== 'registered') await this.#device.register();
    } catch (error) {
      this.#lost(this.#why(error as Error));
    }
  }

  #why(error: { code?: number; message?: string; originalError?: unknown }): string {
    this.#certificateRefused = this.#certificateUrl !== undefined && signalingUnreachable(error);
    return registrationReason(error, this.#certificateUrl);
  }

  #create(minted: PhoneToken): Device {
    const options = {
      logLevel: 'error' as const,
      closeProtection: false,
      sounds: bundledSounds(),
      tokenRefreshMs: 10_000,
      enableImprovedSignalingErrorPrecision: true,
      // Private options: insights off in sandbox mode, and the sandbox's wss signaling.
      publishEvents: minted.device.publishEvents,
      ...(minted.device.chunderw ? { chunderw: minted.device.chunderw } : {}),
    };
    const device = this.makeDevice(minted.token, options as Device.Options);
    device.on('registered', () => {
      this.#state = 'registered';
      this.#reason = undefined;
      this.#attempt = 0;
    });
    device.on('unregistered', () => {
      if (!this.#stopped) this.#lost(this.#reason ?? 'Twilio dropped the registration.');
    });
    device.on('error', (error) => {
      if (device.state !== 'registered') this.#lost(this.#why(error));
    });
    device.on('tokenWillExpire', () => void this.#renew(device));
    this.onDevice(device);
    return device;
  }

  async #renew(device: Device) {
    try {
      const minted = await this.api.invoke('phone.token', {});
      device.updateToken(minted.token);
      this.#refreshes++;
    } catch (error) {
      this.#lost(
        `The access token could not be renewed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  // The watchdog: backs off to 30 s and keeps trying until registered again.
  #lost(reason: string) {
    this.#state = 'unregistered';
    this.#reason = reason;
    if (this.#stopped || this.#retry) return;
    const delay = Math.min(30_000, this.retryMs * 2 ** this.#attempt++);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#register();
    }, delay);
  }
}
