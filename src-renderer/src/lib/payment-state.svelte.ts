import type { AppApi } from '@shared/api';
import { AppError, errorMessage } from '@shared/api';
import type { PaymentField } from '@shared/payments/fields';
import { isTerminal, type PaymentSession } from '@shared/payments/session';
import { Busy } from './busy.svelte';
import { CallsState } from './calls-state.svelte';
import { checklistRows, nextField } from './checklist';
import { PaymentForm } from './payment-form.svelte';
import { RecordingState } from './recording-state.svelte';
import { ReceiptState } from './receipt-state.svelte';
import { SilenceWatch } from './silence-watch.svelte';

/** The payment area: which call, the start form, the live session and its intents. */
export class PaymentState {
  readonly calls: CallsState;
  readonly form = new PaymentForm();
  readonly recording: RecordingState;
  /** "Text a receipt" on a paid result. */
  readonly receipt: ReceiptState;
  #session = $state<PaymentSession | undefined>();
  readonly #task = new Busy<string>();
  #seen: PaymentSession | undefined;
  /** The agent checked the processor: the last completion on the call, of unknown result, was not charged. */
  #confirmedUnknown = $state(false);
  readonly #silence = new SilenceWatch();

  constructor(private readonly api: AppApi) {
    this.calls = new CallsState(api);
    this.recording = new RecordingState(api);
    this.receipt = new ReceiptState(api);
    api.on('payments.session', (s) => {
      // Kept even before start() returns, as an event can beat the command's answer.
      this.#seen = s;
      if (s.id === this.#session?.id) this.#apply(s);
    });
  }

  get session() {
    return this.#session;
  }
  /** The intent in flight, if any ('start', 'complete', a field name…). */
  get busy() {
    return this.#task.what;
  }
  get error() {
    return this.#task.error;
  }
  readonly rows = $derived(this.#session ? checklistRows(this.#session) : []);
  readonly ended = $derived(this.#session !== undefined && isTerminal(this.#session.phase));
  readonly open = $derived(this.#session !== undefined && !this.ended);
  readonly canComplete = $derived(this.#session?.phase === 'open' && this.#session.readyToComplete);
  get canStart() {
    return this.calls.callSid !== undefined && this.form.valid && !this.open && !this.#task.busy;
  }

  /**
   * True when a field is being listened for and nothing has come from Twilio for longer than its
   * digit timeout allows: the updates have stopped arriving, whatever the tunnel says.
   */
  get silent() {
    return this.#silence.silent;
  }

  /** Forwards the softphone's active call (undefined when it ends). */
  setActiveCall(sid: string | undefined) {
    // A new call starts at the form; the last call's finished result stays in History.
    if (sid !== undefined && this.ended && this.#session?.callSid !== sid) this.reset();
    this.calls.setActiveCall(sid);
  }

  async start() {
    const callSid = this.calls.callSid;
    if (!callSid) {
      this.#task.error = 'Pick the call to charge first.';
      return;
    }
    await this.#run('start', async () => {
      const args = {
        ...this.form.args(callSid),
        ...(this.#confirmedUnknown ? { confirmUnknownResult: true } : {}),
      };
      this.#silence.expect(args.timeout ?? 5);
      const started = await this.api.invoke('payments.start', args);
      this.#confirmedUnknown = false;
      this.#session = started;
      if (this.#seen?.id === started.id) this.#apply(this.#seen);
    });
  }

  /** Picks up a payment still open in the core (after a reload or a reconnect), so none is orphaned. */
  async resume() {
    try {
      const { sessions } = await this.api.invoke('payments.get', {});
      const current = this.#session;
      const fresh = current
        ? sessions.find((s) => s.id === current.id)
        : sessions.find((s) => !isTerminal(s.phase));
      if (fresh) this.#apply(fresh);
    } catch {
      // Nothing to resume when the core cannot say; the start form stays.
    }
  }

  async request(field: PaymentField) {
    const sessionId = this.#session?.id;
    if (!sessionId) return;
    await this.#run(field, async () => {
      this.#apply(await this.api.invoke('payments.request', { sessionId, field }));
    });
  }

  /** Requests the first field still to capture (a retry before a pending one). */
  async requestNext() {
    const field = nextField(this.rows);
    if (field) await this.request(field);
  }

  /** Asks again for the field being listened for, or else the one that last failed. */
  async reRequest() {
    const s = this.#session;
    const field = s?.activeField ?? this.rows.find((r) => r.state === 'retry')?.field;
    if (field) await this.request(field);
  }

  async complete() {
    const sessionId = this.#session?.id;
    if (!sessionId || !this.canComplete) return;
    await this.#run('complete', async () => {
      this.#apply(await this.api.invoke('payments.complete', { sessionId }));
    });
  }

  async cancel() {
    const sessionId = this.#session?.id;
    if (!sessionId || this.ended) return;
    await this.#run('cancel', async () => {
      this.#apply(await this.api.invoke('payments.cancel', { sessionId }));
    });
  }

  /** "Try another card": a new payment like the failed one, on the same call, in one click. */
  async tryAnother() {
    const sessionId = this.#session?.id;
    if (!sessionId || !this.ended) return;
    await this.#run('retry', async () => {
      const started = await this.api.invoke('payments.retry', { sessionId });
      this.#silence.expect(Number(started.startArgs?.timeout ?? 5));
      this.#session = started;
      if (this.#seen?.id === started.id) this.#apply(this.#seen);
    });
  }

  /**
   * "Result unknown" after a restart: the agent has checked the processor and found no charge, so
   * the start form comes back and the next start says so (the core refuses it otherwise).
   */
  notCharged() {
    if (this.#session?.alert?.code !== 'result_unknown') return;
    this.#confirmedUnknown = true;
    this.#session = undefined;
    this.#task.error = undefined;
  }

  /** Leaves the result card for the start form; after a failure what was typed stays for a second card. */
  reset() {
    if (this.open) return;
    if (this.#session?.phase === 'succeeded') this.form.clearAfterSuccess();
    this.#session = undefined;
    this.#task.error = undefined;
  }

  // A command's answer can be older than an event that already arrived; the newest state (the higher
  // version: the core counts every change) wins.
  #apply(next: PaymentSession) {
    const current = this.#session;
    if (current && current.id === next.id && current.version > next.version) return;
    this.#session = next;
    this.#silence.heard(next.phase === 'open' && next.activeField !== undefined);
  }

  #run(what: string, action: () => Promise<void>) {
    this.form.clearServerErrors();
    return this.#task.run(action, {
      what,
      // The core's word on a start argument goes beside its field in the form.
      onError: (error) => {
        const message = errorMessage(error);
        if (what === 'start' && error instanceof AppError && error.field)
          return void this.form.setServerError(error.field, message);
        return message;
      },
    });
  }
}
