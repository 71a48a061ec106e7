import type { AppApi } from '@shared/api';
import { AppError, errorMessage } from '@shared/api';
import { TeamConnectArgs } from '@shared/api';

type TeamField = 'serverUrl' | 'inviteCode';

/** Settings › Team server: the address and invite typed in, checked as typed, and Connect / Disconnect. */
export class TeamState {
  values = $state<Record<TeamField, string>>({ serverUrl: '', inviteCode: '' });
  #touched = $state<Record<TeamField, boolean>>({ serverUrl: false, inviteCode: false });
  #serverErrors = $state<Partial<Record<TeamField, string>>>({});
  #error = $state<string | undefined>();
  #busy = $state(false);

  constructor(private readonly api: AppApi) {}

  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
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
    this.#busy = true;
    this.#error = undefined;
    this.#serverErrors = {};
    try {
      await this.api.invoke('team.connect', { ...this.values });
      this.values.inviteCode = '';
    } catch (error) {
      if (error instanceof AppError && (error.field === 'serverUrl' || error.field === 'inviteCode'))
        this.#serverErrors = { [error.field]: error.message };
      else this.#error = errorMessage(error);
    } finally {
      this.#busy = false;
    }
  }

  async disconnect() {
    this.#busy = true;
    this.#error = undefined;
    try {
      await this.api.invoke('team.disconnect', {});
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#busy = false;
    }
  }
}
