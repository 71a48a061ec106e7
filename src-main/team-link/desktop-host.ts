import { hostname } from 'node:os';
import { COMMAND_NAMES, isCommandName, isEventName, type EventName } from '@shared/api';
import { AppError, type Envelope } from '@shared/api';
import { PhoneToken } from '@shared/api';
import type { TeamConnectArgs, TeamLinkStatus } from '@shared/api';
import { isTerminal, type PaymentSession } from '@shared/payments';
import { ApiHost, type Handlers } from '../core/api';
import type { Core } from '../core/compose';
import type { AppLog } from '../core/log';
import type { SecretStore } from '../core/settings/secret-store';
import { LinkStore } from './link-store';
import { redeemInvite } from './redeem';
import { REVOKE_UNREACHABLE, revokeOwnDevice } from './revoke';
import { TeamLink, type LinkChange, type TeamLinkOptions } from './team-link';

const TEAM_COMMANDS = new Set(['team.status', 'team.connect', 'team.disconnect']);

export interface DesktopHostOptions {
  /** The data folder: `team-link.json` is kept here. */
  dataDir: string;
  /** Where the device credential is kept (the desktop's keychain-backed store). */
  secrets: SecretStore;
  /** Starts this computer's own core (Sandbox or Live); solo mode only. */
  startCore(): Promise<Core>;
  /** How the team's admin sees this device in the list (default: "Callpay desktop on <hostname>"). */
  deviceLabel?: string;
  /** Timings for the link (tests shorten them). */
  link?: Pick<TeamLinkOptions, 'backoff' | 'commandTimeoutMs' | 'heartbeatMs' | 'onFrame'>;
  log?: AppLog;
}

/**
 * The AppApi as the desktop's main process hosts it. Solo: this computer's own core answers.
 * Team: the core is not running at all (no receiver, no tunnel, no Twilio client, no secrets
 * used) and every command and event is relayed over one WebSocket to the team server. The
 * renderer talks to this host either way; only `team.*` is answered here.
 */
export class DesktopHost extends ApiHost {
  readonly #options: DesktopHostOptions;
  readonly #store: LinkStore;
  #core: Core | undefined;
  #stopCoreEvents: (() => void) | undefined;
  #link: TeamLink | undefined;
  #status: TeamLinkStatus = { state: 'off' };
  // Team mode: where the server's last Voice token said its sandbox signals (undefined in live mode).
  #teamDevice: PhoneToken['device'] | undefined;
  // One switch at a time: a second Connect while the first is stopping the core waits its turn.
  #switching: Promise<unknown> = Promise.resolve();

  private constructor(options: DesktopHostOptions) {
    const notHere = () => {
      throw new AppError('internal', 'Something went wrong in Callpay. Please try again.');
    };
    const handlers = Object.fromEntries(COMMAND_NAMES.map((name) => [name, notHere])) as unknown as Handlers;
    super({
      ...handlers,
      'team.status': () => this.#status,
      'team.connect': (args) => this.#serially(() => this.#connect(args)),
      'team.disconnect': () => this.#serially(() => this.#disconnect()),
    });
    this.#options = options;
    this.#store = new LinkStore(options.dataDir);
  }

  /** Starts in the mode last used: linked to the saved team server, or solo with its own core. */
  static async start(options: DesktopHostOptions): Promise<DesktopHost> {
    const host = new DesktopHost(options);
    const record = await host.#store.read();
    const token = record ? await options.secrets.get('teamDevice').catch(() => undefined) : undefined;
    if (record && token) host.#openLink(record.serverUrl, token, record.user);
    else await host.#startCore();
    return host;
  }

  /** The local core while solo; undefined in team mode. */
  core(): Core | undefined {
    return this.#core;
  }

  get teamStatus(): TeamLinkStatus {
    return this.#status;
  }

  /**
   * The sandbox signaling (`127.0.0.1:<port>`) the renderer's Device connects to, for the window's
   * CSP: this computer's sandbox solo; in team mode the server's, as its last token for this person said.
   */
  signalingAddress(): string | undefined {
    return this.#link ? this.#teamDevice?.chunderw : this.#core?.phone.signalingAddress();
  }

  /** The sandbox whose own signaling certificate the shell trusts on 127.0.0.1: this computer's, or the team server's. */
  sandboxUrl(): string | undefined {
    if (!this.#link) return this.#core?.sandbox()?.url;
    const signal = this.#teamDevice?.signalingUrl;
    return signal && new URL(signal.replace(/^ws/, 'http')).origin;
  }

  override async dispatch(name: unknown, args: unknown): Promise<Envelope> {
    if (!isCommandName(name) || TEAM_COMMANDS.has(name)) return super.dispatch(name, args);
    if (this.#link && name === 'phone.token') return this.#teamToken(this.#link, args);
    if (this.#link) return this.#link.invoke(name, args ?? {});
    if (this.#core) return this.#core.api.dispatch(name, args);
    return {
      ok: false,
      error: { code: 'starting', message: 'Callpay is switching modes. Try again in a moment.' },
    };
  }

  /** The server's token for this person, relayed as it came; its signaling noted for the shell (a change re-announces the link). */
  async #teamToken(link: TeamLink, args: unknown): Promise<Envelope> {
    const envelope = await link.invoke('phone.token', args ?? {});
    const minted = envelope.ok ? PhoneToken.safeParse(envelope.value) : undefined;
    if (minted?.success && this.#link === link) {
      const before = this.signalingAddress();
      this.#teamDevice = minted.data.device;
      if (this.signalingAddress() !== before) this.#announce(this.#status);
    }
    return envelope;
  }

  async stop(): Promise<void> {
    await this.#switching.catch(() => {});
    this.#closeLink();
    await this.#stopCore();
  }

  #serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#switching.catch(() => {}).then(step);
    this.#switching = next;
    return next;
  }

  async #connect(args: TeamConnectArgs): Promise<TeamLinkStatus> {
    const { serverUrl, inviteCode } = args as { serverUrl: string; inviteCode: string };
    await this.#refuseIfPaymentOpen();
    const label = this.#options.deviceLabel ?? `Callpay desktop on ${hostname()}`.slice(0, 200);
    // The invite first: a wrong code or address leaves the desktop as it was.
    const redeemed = await redeemInvite(serverUrl, inviteCode, label);
    await this.#options.secrets.set('teamDevice', redeemed.token);
    await this.#store.save({ serverUrl, user: redeemed.user });
    this.#closeLink();
    await this.#stopCore();
    this.#openLink(serverUrl, redeemed.token, redeemed.user);
    this.#options.log?.info('team.connect', { serverUrl });
    return this.#status;
  }

  async #disconnect(): Promise<TeamLinkStatus> {
    this.#closeLink();
    // The server revokes the credential first, so a copy of it opens nothing; offline, it is only forgotten here.
    const record = await this.#store.read();
    const token = await this.#options.secrets.get('teamDevice').catch(() => undefined);
    const answer = record && token ? await revokeOwnDevice(record.serverUrl, token) : 'revoked';
    await this.#options.secrets.delete('teamDevice').catch(() => {});
    await this.#store.clear();
    await this.#startCore();
    this.#announce(answer === 'revoked' ? { state: 'off' } : { state: 'off', message: REVOKE_UNREACHABLE });
    this.#options.log?.info('team.disconnect', { result: answer });
    return this.#status;
  }

  async #refuseIfPaymentOpen() {
    const envelope = await this.dispatch('payments.get', {});
    const sessions = envelope.ok ? ((envelope.value as { sessions?: PaymentSession[] }).sessions ?? []) : [];
    if (sessions.some((session) => !isTerminal(session.phase))) {
      throw new AppError(
        'payment_open',
        'A payment is still in progress here. Finish or cancel it before connecting to a team server.',
      );
    }
  }

  #openLink(serverUrl: string, token: string, user: { name: string; role: string }) {
    this.#announce({ state: 'connecting', serverUrl, user });
    const link: TeamLink = new TeamLink({
      ...this.#options.link,
      serverUrl,
      token,
      onEvent: (name, payload) => this.#relayEvent(name, payload),
      onChange: (change: LinkChange) => {
        if (this.#link !== link) return;
        this.#announce({
          state: change.state === 'closed' ? 'off' : change.state,
          serverUrl,
          user: change.user ?? user,
          ...(change.message ? { message: change.message } : {}),
          ...(change.resync ? { resync: true } : {}),
        });
      },
    });
    this.#link = link;
  }

  /** Ends the link without a word: whoever closes it announces what comes next. */
  #closeLink() {
    const link = this.#link;
    this.#link = undefined;
    this.#teamDevice = undefined;
    link?.close();
  }

  #relayEvent(name: string, payload: unknown) {
    // The team server's own link state is not this desktop's; anything unknown or malformed is dropped.
    if (!isEventName(name) || name === 'team.link') return;
    try {
      this.emit(name as EventName, payload as never);
    } catch {
      this.#options.log?.warn('team.event_dropped', { event: name });
    }
  }

  #announce(status: TeamLinkStatus) {
    const { resync, ...kept } = status;
    this.#status = kept;
    this.emit('team.link', resync ? { ...kept, resync } : kept);
  }

  async #startCore() {
    if (this.#core) return;
    const core = await this.#options.startCore();
    this.#core = core;
    this.#stopCoreEvents = core.api.subscribe((name, payload) => this.emit(name, payload as never));
    // The console reads state again: the mode it shows came from the team server until now.
    this.emit('app.status', core.status());
  }

  async #stopCore() {
    const core = this.#core;
    if (!core) return;
    this.#core = undefined;
    this.#stopCoreEvents?.();
    await core.stop();
  }
}
