import { Device } from '@twilio/voice-sdk';
import type { AppApi } from '@shared/api';
import type { PhoneToken } from '@shared/api';
import { bundledSounds } from './sounds';
import { canUsePlainSignaling, loopbackSignaling } from './loopback-signaling';
import { registrationReason, signalingUnreachable } from './registration-reason';
import { errorMessage } from '@shared/api';

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
      return this.#lost(errorMessage(error));
    }
    if (this.#stopped) return;
    // Browser mode reaches the sandbox's plain ws signaling; only an https page needs its certificate.
    const plain = minted.device.signalingUrl !== undefined && canUsePlainSignaling();
    const key = JSON.stringify([minted.identity, minted.device, plain]);
    if (this.#device && key !== this.#key) {
      const old = this.#device;
      this.#device = undefined;
      old.removeAllListeners();
      old.destroy();
    }
    this.#key = key;
    this.#identity = minted.identity;
    // The desktop app trusts the sandbox's certificate itself; only an https page has to be shown it.
    this.#certificateUrl = window.callpay || plain ? undefined : minted.device.certificateUrl;
    if (!this.#device) this.#device = this.#create(minted, plain);
    else this.#device.updateToken(minted.token);
    const device = this.#device;
    // Registered already (the SDK re-registers by itself after a reconnect), or still trying: its events tell.
    if (device.state === 'registered') return this.#registered();
    if (device.state === 'registering') return;
    try {
      await device.register();
    } catch (error) {
      this.#lost(this.#why(error as Error));
    }
  }

  #why(error: { code?: number; message?: string; originalError?: unknown }): string {
    this.#certificateRefused = this.#certificateUrl !== undefined && signalingUnreachable(error);
    return registrationReason(error, this.#certificateUrl);
  }

  #registered() {
    this.#state = 'registered';
    this.#reason = undefined;
    this.#attempt = 0;
    // A retry left from the failures must not start registering again once registered.
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  #create(minted: PhoneToken, plain: boolean): Device {
    const options = {
      logLevel: 'error' as const,
      closeProtection: false,
      sounds: bundledSounds(),
      tokenRefreshMs: 10_000,
      enableImprovedSignalingErrorPrecision: true,
      // Private options: insights off in sandbox mode, and the sandbox's wss signaling.
      publishEvents: minted.device.publishEvents,
      ...(minted.device.chunderw ? { chunderw: minted.device.chunderw } : {}),
      ...(plain ? { PStream: loopbackSignaling(minted.device.signalingUrl!) } : {}),
    };
    const device = this.makeDevice(minted.token, options as Device.Options);
    device.on('registered', () => this.#registered());
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
      this.#lost(`The access token could not be renewed: ${errorMessage(error)}`);
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
