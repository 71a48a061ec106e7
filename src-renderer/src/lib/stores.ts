import type { ApiClient } from './api';
import { AppState } from './app-state.svelte';
import { HistoryState } from './history-state.svelte';
import { LivePaymentsState } from './live-payments-state.svelte';
import { PaymentState } from './payment-state.svelte';
import { PhoneState } from './phone';
import { Readiness } from './phone';
import { SandboxState } from './sandbox-state.svelte';
import { SettingsState } from './settings-state.svelte';
import { TeamState } from './team-state.svelte';

/** Every area's state over one AppApi client; the softphone sets `payment.setActiveCall`. */
export interface ConsoleState {
  app: AppState;
  payment: PaymentState;
  /** The softphone; the Phone panel starts it while it is shown. */
  phone: PhoneState;
  /** The live-setup checklist beside the phone. */
  readiness: Readiness;
  sandbox: SandboxState;
  history: HistoryState;
  settings: SettingsState;
  /** Settings › Team server. */
  team: TeamState;
  /** The Team tab (supervisors and admins): the team's payments now, and its history. */
  live: LivePaymentsState;
  teamHistory: HistoryState;
}

export function createConsole(api: ApiClient): ConsoleState {
  const payment = new PaymentState(api);
  api.onConnection((state) => {
    if (state === 'connected') void payment.resume();
  });
  if (api.connection === 'connected') void payment.resume();
  const phone = new PhoneState(api, payment);
  return {
    app: new AppState(api),
    payment,
    phone,
    readiness: new Readiness(api, phone.registration),
    sandbox: new SandboxState(
      api,
      // The list of calls follows the core's calls.changed events: nothing to ask for here.
      () => undefined,
      () => payment.calls.callSid,
    ),
    history: new HistoryState(api),
    settings: new SettingsState(api),
    team: new TeamState(api),
    live: new LivePaymentsState(api),
    teamHistory: new HistoryState(api),
  };
}
