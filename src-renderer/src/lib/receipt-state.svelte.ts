import type { AppApi } from '@shared/api';
import { errorMessage } from '@shared/api';
import type { Receipt, ReceiptDraft } from '@shared/api';
import { Busy } from './busy.svelte';
import { checkNumber } from './phone';

/** "Text a receipt" on a paid result: the customer's number (from the call, editable), the text, its receipts. */
export class ReceiptState {
  to = $state('');
  #sessionId = $state<string | undefined>();
  #draft = $state<ReceiptDraft | undefined>();
  #receipts = $state<Receipt[]>([]);
  readonly #task = new Busy();
  #touched = $state(false);

  constructor(private readonly api: AppApi) {
    api.on('receipts.receipt', (r) => {
      if (r.sessionId === this.#sessionId) this.#upsert(r);
    });
  }

  get draft() {
    return this.#draft;
  }
  get receipts() {
    return this.#receipts;
  }
  /** The newest receipt for this payment, whose status the card shows. */
  get latest(): Receipt | undefined {
    return this.#receipts.at(-1);
  }
  get error() {
    return this.#task.error;
  }
  get busy() {
    return this.#task.busy;
  }
  /** What is wrong with the typed number, once the agent has typed or tried to send. */
  get numberError(): string | undefined {
    if (!this.#touched) return undefined;
    const check = checkNumber(this.to);
    return check.ok
      ? undefined
      : check.error.replace('Type the number to call.', 'Type the customer’s mobile number.');
  }

  /** Opens the draft for a paid session: the number from its call, the text as it would go. */
  async open(sessionId: string) {
    if (this.#sessionId === sessionId && this.#draft) return;
    this.#sessionId = sessionId;
    this.#draft = undefined;
    this.#receipts = [];
    this.#task.error = undefined;
    this.#touched = false;
    try {
      const draft = await this.api.invoke('receipts.draft', { sessionId });
      this.#draft = draft;
      this.#receipts = draft.receipts;
      this.to = draft.to ?? '';
    } catch (error) {
      this.#task.error = errorMessage(error);
    }
  }

  typed() {
    this.#touched = true;
  }

  /** Sends (or, after a failure, sends again) to the typed number, checked as E.164 first. */
  async send() {
    this.#touched = true;
    const check = checkNumber(this.to);
    if (!check.ok || !this.#sessionId) return;
    const sessionId = this.#sessionId;
    await this.#task.run(async () => {
      this.#upsert(await this.api.invoke('receipts.send', { sessionId, to: check.e164 }));
    });
  }

  #upsert(r: Receipt) {
    const at = this.#receipts.findIndex((x) => x.id === r.id);
    this.#receipts = at === -1 ? [...this.#receipts, r] : this.#receipts.with(at, r);
  }
}
