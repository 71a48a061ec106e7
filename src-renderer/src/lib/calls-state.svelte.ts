import type { CallSummary } from '@shared/api/calls';
import type { AppApi } from '@shared/api/contract';
import { errorMessage } from '@shared/api/errors';

const REFRESH_MS = 3000;

/** Which call a payment goes on: the softphone's active call, else one picked from the account's calls. */
export class CallsState {
  #activeCallSid = $state<string | undefined>();
  #calls = $state<CallSummary[]>([]);
  #picked = $state<string | undefined>();
  #error = $state<string | undefined>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly api: AppApi) {}

  /** The softphone's call, when it has one. */
  get activeCallSid() {
    return this.#activeCallSid;
  }
  get calls() {
    return this.#calls;
  }
  get error() {
    return this.#error;
  }
  get picked() {
    return this.#picked;
  }
  /** The call a new payment would be taken on. */
  readonly callSid = $derived(this.#activeCallSid ?? this.#picked);

  /** Set by the softphone when a call is answered or placed, cleared when it ends. */
  setActiveCall(sid: string | undefined) {
    this.#activeCallSid = sid;
  }

  pick(sid: string | undefined) {
    this.#picked = sid === '' ? undefined : sid;
  }

  /** Reloads the account's calls in progress; keeps the pick while its call lasts, auto-picks a lone call. */
  async refresh() {
    try {
      const { calls } = await this.api.invoke('calls.list', {});
      this.#calls = calls.filter((c) => c.status === 'in-progress');
      this.#error = undefined;
      if (!this.#calls.some((c) => c.sid === this.#picked)) this.#picked = undefined;
      if (this.#picked === undefined && this.#calls.length === 1) this.#picked = this.#calls[0]!.sid;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  /** Keeps the list fresh while the start form is on screen. */
  startRefreshing() {
    void this.refresh();
    this.#timer ??= setInterval(() => void this.refresh(), REFRESH_MS);
  }
  stopRefreshing() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
