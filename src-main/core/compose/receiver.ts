// The receiver Twilio's callbacks and voice webhooks reach, each routed to the service that owns it.
import type { CallWiring } from '../calls';
import type { ConnectionSwitch } from '../connection';
import type { AppLog } from '../log';
import type { PhoneService } from '../phone';
import type { SettingsStore } from '../settings';
import { buildWebhookApp, listenWebhooks } from '../webhooks';
import type { PaymentServices } from './payment-services';
import type { CoreOptions } from './types';

export interface ReceiverDeps {
  options: CoreOptions;
  settings: SettingsStore;
  services: PaymentServices;
  calls: CallWiring;
  log: AppLog;
  instanceId: string;
  /** Built after the receiver (they need its URL). */
  connection: () => ConnectionSwitch;
  phone: () => PhoneService;
}

export async function startReceiver(deps: ReceiverDeps) {
  const { services, calls, connection, phone } = deps;
  const { payments, recording, receipts } = services;
  const app = await buildWebhookApp({
    authToken: () => connection().current()?.authToken(),
    sharedKey: () => connection().current()?.webhookSharedKey(),
    publicBaseUrls: () => connection().current()?.signatureBases() ?? [],
    handlers: {
      paymentStatus: (params) => payments.handleCallback(params),
      // A leg's end reaches every service that follows the call, in both modes, as on Twilio.
      legStatus: (params) => {
        phone().legs.legStatus(params);
        payments.legStatus(params);
        recording.legStatus(params);
        return calls.legStatus(params);
      },
      callStatus: calls.callStatus,
      messageStatus: (params, query) =>
        receipts.statusCallback(params, { receiptId: query.r, sessionId: query.s }),
    },
    voice: {
      callerId: () => phone().callerId(),
      agentIdentity: () => deps.settings.value.agentIdentity,
      ringGroup: deps.options.ringGroup,
    },
    log: deps.log,
    instanceId: deps.instanceId,
    rateLimitPerMinute: deps.options.webhookRateLimitPerMinute,
  });
  return listenWebhooks(app, deps.options.webhookPort ?? 0);
}
