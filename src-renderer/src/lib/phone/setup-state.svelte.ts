import type { AppApi } from '@shared/api/contract';
import type { SetupResult } from '@shared/api/setup';

/** One-step Twilio setup: paste the Account SID and Auth Token, then pick the caller ID. */
export class SetupState {
  accountSid = $state('');
  authToken = $state('');
  #result = $state<SetupResult | undefined>();
  #busy = $state(false);
  #error = $state<string | undefined>();
  #done = $state<string | undefined>();

  constructor(private readonly api: AppApi) {}

  get result() {
    return this.#result;
  }
  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
  }
  /** What the last step achieved, in a sentence. */
  get done() {
    return this.#done;
  }

  async run() {
    await this.#step(async () => {
      this.#result = await this.api.invoke('setup.account', {
        accountSid: this.accountSid.trim(),
        authToken: this.authToken.trim(),
      });
      this.authToken = ''; // Kept by main's SecretStore now; not left in the form.
      this.#done = 'Twilio is set up: API key and TwiML App created.';
    });
  }

  async pickCallerId(phoneNumber: string) {
    await this.#step(async () => {
      await this.api.invoke('setup.callerId', { phoneNumber });
      this.#result = this.#result && { ...this.#result, callerId: phoneNumber };
      this.#done = `Calls will show ${phoneNumber}, and calls to it ring this phone.`;
    });
  }

  async #step(action: () => Promise<void>) {
    this.#busy = true;
    this.#error = undefined;
    try {
      await action();
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#busy = false;
    }
  }
}
