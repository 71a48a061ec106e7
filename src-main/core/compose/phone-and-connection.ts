// The softphone's main side and the connection to Twilio (sandbox or live), built together: each
// reaches the other (the phone's token needs the connection, a new connection re-arms the phone).
import type { AppStatus } from '@shared/api';
import type { ApiHost } from '../api';
import type { CallWiring } from '../calls';
import { ConnectionSwitch } from '../connection';
import type { AppLog } from '../log';
import { createPhone } from '../phone';
import type { SettingsStore } from '../settings';
import type { WebhookServer } from '../webhooks';
import type { PaymentServices } from './payment-services';
import type { CoreOptions } from './types';

export interface PhoneAndConnectionDeps {
  options: CoreOptions;
  settings: SettingsStore;
  log: AppLog;
  emit: ApiHost['emit'];
  receiver: WebhookServer;
  instanceId: string;
  services: PaymentServices;
  calls: CallWiring;
  /** Built after these: the AppApi (the phone saves its settings through it) and the status. */
  api: () => ApiHost;
  status: () => AppStatus;
}

export function phoneAndConnection(deps: PhoneAndConnectionDeps) {
  const { options, settings, log, emit, receiver, status } = deps;
  const { payments, recording } = deps.services;
  const { phone, handlers: phoneHandlers } = createPhone(
    {
      settings: () => settings.value,
      saveSettings: (patch) => deps.api().dispatch('settings.set', patch),
      secrets: () => options.secrets,
      connection: () => connection.current(),
      receiverUrl: receiver.url,
      status,
      restBaseUrl: options.liveRestBaseUrl,
      restTimeoutMs: options.restTimeoutMs,
      ttlSeconds: options.phoneTokenTtlSeconds,
      identity: options.actor,
      log,
    },
    (report) => emit('phone.state', report),
  );
  const connection: ConnectionSwitch = new ConnectionSwitch({
    options,
    settings: () => settings.value,
    receiver,
    instanceId: deps.instanceId,
    log,
    sandbox: () => phone.sandboxOptions(options.sandbox),
    onConnected: (connected) => phone.connected(connected),
    onTunnelChanged: (up) => payments.tunnelChanged(up),
    onPublicUrl: (publicUrl) => void phone.publicUrlChanged(publicUrl),
    onStatus: () => emit('app.status', status()),
    onCallEnded: (callSid) => {
      payments.callEnded(callSid);
      recording.callEnded(callSid);
    },
    onCallStatus: (call) => deps.calls.sandboxCall(call),
  });
  return { phone, phoneHandlers, connection };
}
