import type { AppApi } from '@shared/api';
import { errorMessage } from '@shared/api';
import type { Settings } from '@shared/api';
import {
  DEFAULT_RECEIPT_TEMPLATE,
  MAX_RECEIPT_LENGTH,
  RECEIPT_PLACEHOLDERS,
  templateProblem,
} from '@shared/payments/receipt-text';

/** Settings › Receipts: the business name a text is from and its wording, checked as typed. */
export class ReceiptSettingsState {
  businessName = $state('');
  template = $state(DEFAULT_RECEIPT_TEMPLATE);
  #message = $state<string | undefined>();
  #error = $state<string | undefined>();
  #busy = $state(false);

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
    return this.#error;
  }
  get busy() {
    return this.#busy;
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
    this.#busy = true;
    this.#message = undefined;
    try {
      const standard = this.template === DEFAULT_RECEIPT_TEMPLATE;
      await this.api.invoke('settings.set', {
        receipts: {
          businessName: this.businessName.trim() || null,
          template: standard ? null : this.template,
        },
      });
      this.#error = undefined;
      this.#message = 'Receipt settings saved.';
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#busy = false;
    }
  }
}
