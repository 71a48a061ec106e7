// The AppApi's commands, each from the service folder that owns it: the table a host carries.
import type { AppStatus } from '@shared/api';
import type { ApiHost, Handlers } from '../api';
import { teamUnhostedHandlers } from '../api/team-unhosted';
import { auditHandlers } from '../audit';
import { callsHandlers, type CallWiring } from '../calls';
import type { ConnectionSwitch } from '../connection';
import { historyHandlers } from '../history';
import { paymentsHandlers } from '../payments';
import type { createPhone, PhoneService } from '../phone';
import { receiptsHandlers } from '../receipts';
import { recordedCallIns, recordingHandlers } from '../recording';
import { sandboxCustomerHandlers } from '../sandbox-mode';
import { settingsHandlers, type SettingsStore } from '../settings';
import type { PaymentServices } from './payment-services';
import type { Records } from './records';
import type { CoreOptions } from './types';

export interface ApiTableDeps {
  options: CoreOptions;
  settings: SettingsStore;
  records: Records;
  services: PaymentServices;
  calls: CallWiring;
  connection: ConnectionSwitch;
  phone: PhoneService;
  phoneHandlers: ReturnType<typeof createPhone>['handlers'];
  emit: ApiHost['emit'];
  status: () => AppStatus;
}

export function apiTable(deps: ApiTableDeps): Handlers {
  const { options, settings, connection, phone, emit } = deps;
  const { audit, history, vault } = deps.records;
  const { payments, receipts, recording } = deps.services;
  return {
    'app.status': () => deps.status(),
    ...settingsHandlers({
      store: settings,
      secrets: () => options.secrets,
      emit,
      account: {
        secrets: () => options.secrets,
        restBaseUrl: options.liveRestBaseUrl,
        restTimeoutMs: options.restTimeoutMs,
      },
      onChange: (before, next) => connection.settingsChanged(before, next),
      onSecretsChanged: () => connection.secretsChanged(),
    }),
    ...paymentsHandlers(payments),
    ...auditHandlers(audit),
    ...historyHandlers({
      book: history,
      vault,
      agent: () => settings.value.agentIdentity,
      audit: (record) => audit.keep(record),
    }),
    ...receiptsHandlers(receipts),
    ...callsHandlers(() => connection.client(), deps.calls.book),
    ...deps.phoneHandlers,
    ...recordedCallIns(
      sandboxCustomerHandlers(
        () => connection.current()?.control(),
        () => phone.sandboxCallerId(),
      ),
      recording,
    ),
    ...teamUnhostedHandlers(),
    ...recordingHandlers(recording),
  };
}
