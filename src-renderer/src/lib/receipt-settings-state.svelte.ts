import type { AppApi } from '@shared/api';
import type { Settings } from '@shared/api';
import {
  DEFAULT_RECEIPT_TEMPLATE,
  MAX_RECEIPT_LENGTH,
  RECEIPT_PLACEHOLDERS,
  templateProblem,
} from '@shared/payments/receipt-text';
import { Busy } from './busy.svelte';

/** Settings › Receipts: the business name a text is from and its wording, checked as typed. */
export class ReceiptSettingsState {
  businessName = $state('');
  template = $state(DEFAULT_RECEIPT_TEMPLATE);
  #message = $state<string | undefined>();
  readonly #task = new Busy();

  constructor(private readonly api: AppApi) {}

  readonly placeholders = RECEIPT_PLACEHOLDERS.map((p) => `{${p}}`).join(' ');
  readonly max = MAX_RECEIPT_LENGTH;

  get problem(): string | undefined {
    return templateProblem(this.template);
  }
  get message() {
    return this.#message;
  }
  get error() {
    return this.#task.error;
  }
  get busy() {
    return this.#task.busy;
  }

  load(settings: Settings | undefined) {
    if (!settings) return;
    this.businessName = settings.receipts?.businessName ?? '';
    this.template = settings.receipts?.template ?? DEFAULT_RECEIPT_TEMPLATE;
  }

  reset() {
    this.template = DEFAULT_RECEIPT_TEMPLATE;
  }

  async save() {
    if (this.problem) return;
    this.#message = undefined;
    // The last error stays up until a save goes through.
    await this.#task.run(
      async () => {
        const standard = this.template === DEFAULT_RECEIPT_TEMPLATE;
        await this.api.invoke('settings.set', {
          receipts: {
            businessName: this.businessName.trim() || null,
            template: standard ? null : this.template,
          },
        });
        this.#message = 'Receipt settings saved.';
      },
      { keepError: true },
    );
  }
}
