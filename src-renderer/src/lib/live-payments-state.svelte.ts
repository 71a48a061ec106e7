import { SvelteSet } from 'svelte/reactivity';
import { errorMessage } from '@shared/api';
import type { PaymentField } from '@shared/payments/fields';
import { isTerminal, type FieldStatus, type PaymentSession } from '@shared/payments/session';
import type { ApiClient } from './api';

/** A field as a supervisor follows it: whether it was asked for, keyed, taken, or refused. */
export type LiveFieldState = 'waiting' | 'requested' | 'entered' | 'valid' | 'error';

const FIELD_STATE: Record<FieldStatus, LiveFieldState> = {
  pending: 'waiting',
  requested: 'requested',
  capturing: 'entered',
  captured: 'valid',
  error: 'error',
};

/** One open payment on the Team tab: who, which call, how much, and each field's state; no card data. */
export interface LivePayment {
  id: string;
  agent: string;
  callSid: string;
  charge: boolean;
  amount?: string;
  currency: string;
  phase: PaymentSession['phase'];
  startedAt: string;
  /** The core's change count: the newer state of a session is the higher version, whatever the clocks. */
  version: number;
  /** The masked value only (`•••• 1111`), as the agent's own checklist shows it. */
  fields: { field: PaymentField; state: LiveFieldState; display?: string }[];
}

/** What the Team tab keeps of a session: the rest (results, tokens, write state) is never held. */
export function livePayment(s: PaymentSession): LivePayment {
  return {
    id: s.id,
    agent: s.agent,
    callSid: s.callSid,
    charge: s.charge,
    amount: s.amount,
    currency: s.currency,
    phase: s.phase,
    startedAt: s.startedAt,
    version: s.version,
    fields: s.fields.map((f) => ({ field: f.field, state: FIELD_STATE[f.status], display: f.display })),
  };
}

/**
 * The Team tab's Live payments: the team's open sessions from `payments.get`, then each
 * `payments.session` event (a supervisor hears every agent's); an ended one leaves the list.
 */
export class LivePaymentsState {
  #open = $state<LivePayment[]>([]);
  #error = $state<string | undefined>();
  /** Ended here already: a `payments.get` answer older than the event does not bring one back. */
  readonly #ended = new SvelteSet<string>();

  constructor(private readonly api: ApiClient) {}

  /** Oldest first, as the payments started. */
  get open() {
    return this.#open;
  }
  get error() {
    return this.#error;
  }

  /** Follows the team's payments until the returned function is called (the tab is left). */
  follow(): () => void {
    const stopEvents = this.api.on('payments.session', (s) => this.#apply(s));
    const stopConnection = this.api.onConnection((state) => {
      if (state === 'connected') void this.load();
    });
    void this.load();
    return () => {
      stopEvents();
      stopConnection();
    };
  }

  async load() {
    try {
      const { sessions } = await this.api.invoke('payments.get', {});
      for (const s of sessions) this.#apply(s);
      this.#error = undefined;
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  #apply(s: PaymentSession) {
    if (isTerminal(s.phase)) this.#ended.add(s.id);
    const kept = this.#open.find((p) => p.id === s.id);
    // Only a newer state replaces the one shown: an answer can arrive after the event that followed it.
    if (kept && kept.version > s.version) return;
    const rest = this.#open.filter((p) => p.id !== s.id);
    this.#open = this.#ended.has(s.id)
      ? rest
      : [...rest, livePayment(s)].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
}
