import type { AppApi } from '@shared/api';
import { AppError, errorMessage } from '@shared/api';
import { TeamConnectArgs } from '@shared/api';
import { Busy } from './busy.svelte';

type TeamField = 'serverUrl' | 'inviteCode';

/** Settings › Team server: the address and invite typed in, checked as typed, and Connect / Disconnect. */
export class TeamState {
  values = $state<Record<TeamField, string>>({ serverUrl: '', inviteCode: '' });
  #touched = $state<Record<TeamField, boolean>>({ serverUrl: false, inviteCode: false });
  #serverErrors = $state<Partial<Record<TeamField, string>>>({});
  readonly #task = new Busy();

  constructor(private readonly api: AppApi) {}

  get busy() {
    return this.#task.busy;
  }
  get error() {
    return this.#task.error;
  }
  get valid() {
    return TeamConnectArgs.safeParse(this.values).success;
  }
  /** A field's problem: the server's answer, else the schema's once the field was typed in. */
  errors(field: TeamField): string | undefined {
    if (this.#serverErrors[field]) return this.#serverErrors[field];
    if (!this.#touched[field] || this.values[field] === '') return undefined;
    const parsed = TeamConnectArgs.shape[field].safeParse(this.values[field]);
    return parsed.success ? undefined : parsed.error.issues[0]?.message;
  }
  touch(field: TeamField) {
    this.#touched[field] = true;
    delete this.#serverErrors[field];
  }

  async connect() {
    this.#serverErrors = {};
    await this.#task.run(
      async () => {
        await this.api.invoke('team.connect', { ...this.values });
        this.values.inviteCode = '';
      },
      {
        // The server's word on the address or the invite goes beside that field.
        onError: (error) => {
          if (error instanceof AppError && (error.field === 'serverUrl' || error.field === 'inviteCode'))
            return void (this.#serverErrors = { [error.field]: error.message });
          return errorMessage(error);
        },
      },
    );
  }

  async disconnect() {
    await this.#task.run(() => this.api.invoke('team.disconnect', {}));
  }
}
