import type { CallSummary } from '@shared/api';
import type { AppApi } from '@shared/api';
import { errorMessage } from '@shared/api';

/** Which call a payment goes on: the softphone's active call, else one picked from the account's calls. */
export class CallsState {
  #activeCallSid = $state<string | undefined>();
  #calls = $state<CallSummary[]>([]);
  #picked = $state<string | undefined>();
  #error = $state<string | undefined>();
  #unwatch: (() => void) | undefined;

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
      this.#show((await this.api.invoke('calls.list', {})).calls);
      this.#error = undefined;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  #show(calls: CallSummary[]) {
    this.#calls = calls.filter((c) => c.status === 'in-progress');
    if (!this.#calls.some((c) => c.sid === this.#picked)) this.#picked = undefined;
    if (this.#picked === undefined && this.#calls.length === 1) this.#picked = this.#calls[0]!.sid;
  }

  /**
   * Keeps the list fresh while the start form is on screen: one list on opening, then the core's
   * `calls.changed` events (the list itself when the core knows it, else one list per change). No timer.
   */
  startRefreshing() {
    void this.refresh();
    this.#unwatch ??= this.api.on('calls.changed', ({ calls }) => {
      if (calls) this.#show(calls);
      else void this.refresh();
    });
  }
  stopRefreshing() {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}
