import type { AppApi } from '@shared/api';
import { AppError, errorMessage } from '@shared/api';
import type { TestCardInfo } from '@shared/api';
import { Busy } from './busy.svelte';

/** The sandbox customer: a caller with a keypad, and the test cards they can key. */
export class SandboxState {
  #cards = $state<TestCardInfo[]>([]);
  #callSid = $state<string | undefined>();
  #keyedCount = $state(0);
  readonly #task = new Busy();
  #answered = $state(false);
  #unwatch: (() => void) | undefined;
  /** Calls this panel saw end: not to be answered again as the far end. */
  // Not state: nothing on screen reads it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #gone = new Set<string>();

  /** Called after the customer calls in or hangs up, so the call list follows at once. */
  constructor(
    private readonly api: AppApi,
    private readonly onCallsChanged: () => void = () => undefined,
    /** The call the agent's payment would go on (a dialled customer leg, or a picked call). */
    private readonly agentCall: () => string | undefined = () => undefined,
  ) {}

  /** The agent's call this customer is not on yet: the far end they can answer as. */
  get waiting() {
    return this.#callSid === undefined ? this.agentCall() : undefined;
  }

  get cards() {
    return this.#cards;
  }
  /** The customer's call, once they have called in. */
  get callSid() {
    return this.#callSid;
  }
  /** How many keys the customer pressed on this call; the keys themselves are not kept. */
  /** True when the customer is the far end of a call the agent placed, not one they called in on. */
  get answered() {
    return this.#answered;
  }
  get keyedCount() {
    return this.#keyedCount;
  }
  get error() {
    return this.#task.error;
  }
  get busy() {
    return this.#task.busy;
  }

  async load() {
    await this.#run(async () => {
      this.#cards = (await this.api.invoke('sandbox.testCards', {})).cards;
    });
  }

  /**
   * Rings in as a customer. By default the call is in progress at once, like a call answered on
   * another phone; with `softphone` the customer dials the sandbox number and this app's phone rings.
   */
  async callIn(options: { softphone?: boolean } = {}) {
    await this.#run(async () => {
      const call = await this.api.invoke('sandbox.callIn', options.softphone ? { softphone: true } : {});
      this.#onCall(call.sid, false);
      this.onCallsChanged();
    });
  }

  /** Answers as the far end of a sandbox call the agent placed, to key on it and hang up. */
  async answer(callSid: string) {
    if (this.#gone.has(callSid)) return;
    try {
      const { ended } = await this.api.invoke('sandbox.callStatus', { callSid });
      if (!ended && this.#callSid === undefined) this.#onCall(callSid, true);
    } catch {
      // Not a call the sandbox plays (gone already): there is no far end to be.
    }
  }

  #onCall(callSid: string, answered: boolean) {
    this.#callSid = callSid;
    this.#task.error = undefined;
    this.#answered = answered;
    this.#keyedCount = 0;
    this.#follow(callSid);
  }

  async press(key: string) {
    const callSid = this.#callSid;
    if (!callSid) return;
    await this.#run(async () => {
      await this.api.invoke('sandbox.press', { callSid, digits: key });
      this.#keyedCount += key.length;
    });
  }

  /** Keys a whole test card number and # (the number itself never reaches the console). */
  async keyCard(id: string) {
    const callSid = this.#callSid;
    if (!callSid) return;
    await this.#run(async () => {
      const { queued } = await this.api.invoke('sandbox.keyTestCard', { callSid, id });
      this.#keyedCount += queued;
    });
  }

  async hangUp() {
    const callSid = this.#callSid;
    if (!callSid) return;
    await this.#run(async () => {
      try {
        await this.api.invoke('sandbox.hangup', { callSid });
      } catch (error) {
        // Already over (the agent hung up first): the customer just puts the phone down.
        if (!(error instanceof AppError && error.code === 'call_ended')) throw error;
      }
      this.#stopFollowing();
      this.#callSid = undefined;
      this.onCallsChanged();
    });
  }

  // The customer hears the other side hang up: the core tells the panel when its call ends.
  #follow(callSid: string) {
    this.#stopFollowing();
    this.#unwatch = this.api.on('sandbox.call', (call) => {
      if (call.ended && call.callSid === callSid && this.#callSid === callSid) this.#ended();
    });
  }

  #stopFollowing() {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  #ended() {
    if (this.#callSid) this.#gone.add(this.#callSid);
    this.#stopFollowing();
    this.#callSid = undefined;
    this.#task.error = 'The call has ended. Call in again when you are ready.';
    this.onCallsChanged();
  }

  #run(action: () => Promise<void>) {
    return this.#task.run(action, {
      onError: (error) => {
        // The call ended on the other side (the agent hung up): back to calling in, not a dead keypad.
        if (error instanceof AppError && error.code === 'call_ended') return void this.#ended();
        return errorMessage(error);
      },
    });
  }
}
