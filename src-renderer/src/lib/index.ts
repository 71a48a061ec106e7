// What outsiders may use of this folder: import it from here, not from its files.
export { connectApi } from './api';
export { type AppState } from './app-state.svelte';
export { type CallsState } from './calls-state.svelte';
export { type ChecklistRow, FIELD_TITLES } from './checklist';
export { focusPaymentForm } from './focus';
export { brandName } from './format';
export { type HistoryState, type OutcomeFilter } from './history-state.svelte';
export { type LiveFieldState, type LivePaymentsState } from './live-payments-state.svelte';
export { CARD_TYPES, CURRENCY_CODES, type PaymentForm } from './payment-form.svelte';
export { type PaymentState } from './payment-state.svelte';
export { type ReceiptSettingsState } from './receipt-settings-state.svelte';
export { type ReceiptState } from './receipt-state.svelte';
export { type RecordingState, saveRecordCalls } from './recording-state.svelte';
export { type SandboxState } from './sandbox-state.svelte';
export { type CredentialKey, type SettingsState } from './settings-state.svelte';
export { SHORTCUTS, shortcutFor } from './shortcuts';
export { type ConsoleState, createConsole } from './stores';
export { type TeamState } from './team-state.svelte';
