import type { AppStatus } from '@shared/api';
import type { Settings } from '@shared/api';
import type { TeamLinkStatus } from '@shared/api';
import type { ApiClient, Connection } from './api';
import { errorMessage } from '@shared/api';

/** The app-wide state: mode, health, settings, and the link to the core. */
export class AppState {
  #status = $state<AppStatus | undefined>();
  #settings = $state<Settings | undefined>();
  #connection = $state<Connection>('connecting');
  #error = $state<string | undefined>();
  #team = $state<TeamLinkStatus>({ state: 'off' });

  constructor(readonly api: ApiClient) {}

  get status() {
    return this.#status;
  }
  /** The status while the core is reachable; nothing while it is not, rather than a stale one. */
  get liveStatus() {
    return this.#connection === 'connected' ? this.#status : undefined;
  }
  get settings() {
    return this.#settings;
  }
  get connection() {
    return this.#connection;
  }
  get error() {
    return this.#error;
  }
  /** The desktop's link to its team server (`off` when it works solo). */
  get team() {
    return this.#team;
  }
  /** Signed in to a team server as a supervisor or an admin: the Team tab is theirs (the server checks). */
  readonly seesTeam = $derived(
    this.#team.state !== 'off' &&
      this.#team.state !== 'refused' &&
      (this.#team.user?.role === 'supervisor' || this.#team.user?.role === 'admin'),
  );
  get modeLabel() {
    if (!this.#status) return 'Starting…';
    if (this.#connection !== 'connected') return 'Not connected';
    return this.#status.mode === 'sandbox' ? 'Sandbox' : 'Live';
  }

  /** Loads status and settings and keeps them current from events and reconnects. */
  async start() {
    this.#connection = this.api.connection;
    this.api.on('app.status', (status) => (this.#status = status));
    this.api.on('settings.changed', (settings) => (this.#settings = settings));
    this.api.on('team.link', ({ resync: _, ...team }) => (this.#team = team));
    this.api.onConnection((state) => {
      this.#connection = state;
      if (state === 'connected') void this.refresh();
    });
    await this.refresh();
  }

  async refresh() {
    try {
      const team = this.api.invoke('team.status', {}).catch(() => this.#team);
      [this.#status, this.#settings] = await Promise.all([
        this.api.invoke('app.status', {}),
        this.api.invoke('settings.get', {}),
      ]);
      // Where the team link stands is a desktop's matter: a host that cannot say leaves it as it was.
      this.#team = await team;
      this.#connection = this.api.connection;
      this.#error = undefined;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }
}
