import type { AppStatus, Mode } from '@shared/api/status';
import type { Settings } from '@shared/api/settings';
import { AppError } from '@shared/api/errors';
import { ApiHost } from './api/host';
import { SettingsStore, type LoadNotice } from './settings/settings-store';
import { consoleHandlers, readAuditHistory } from './console';

export interface CoreOptions {
  /** Folder for settings, the audit log and other files the app keeps. */
  dataDir: string;
  version: string;
}

export interface Core {
  api: ApiHost;
  /** Set when the settings file was unreadable and has been kept aside. */
  settingsNotice: LoadNotice | undefined;
  stop(): Promise<void>;
}

/** Live mode needs an account; without one the app runs against its sandbox. */
export function modeFor(settings: Settings): Mode {
  return settings.twilio.accountSid === undefined ? 'sandbox' : 'live';
}

const notYet = (): never => {
  throw new AppError('not_available', 'Payments are not available in this build yet.');
};

/** Composes the core services into the AppApi implementation. Never imports electron. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const settings = new SettingsStore(options.dataDir);
  await settings.load();

  const status = (): AppStatus => {
    const mode = modeFor(settings.value);
    return {
      mode,
      version: options.version,
      health: {
        webhooks: { state: 'off', detail: 'The webhook receiver is not running.' },
        tunnel:
          mode === 'sandbox'
            ? { state: 'off', detail: 'Not needed in sandbox mode.' }
            : { state: 'down', detail: 'The tunnel is not open.' },
        twilio:
          mode === 'sandbox'
            ? { state: 'off', detail: 'The sandbox is not running.' }
            : { state: 'down', detail: 'Not connected to Twilio.' },
      },
      urls: {},
    };
  };

  const api: ApiHost = new ApiHost({
    'app.status': () => status(),
    'settings.get': () => settings.value,
    'settings.set': async (patch) => {
      const next = await settings.update(patch);
      api.emit('settings.changed', next);
      api.emit('app.status', status());
      return next;
    },
    // Wired to PaymentsService, the audit log and the REST client as they land (issue 5).
    'payments.start': notYet,
    'payments.request': notYet,
    'payments.complete': notYet,
    'payments.cancel': notYet,
    'payments.get': () => ({ sessions: [] }),
    'audit.verify': notYet,
    'calls.list': notYet,
    // History from the audit log; the sandbox customer and secrets once the core exposes them.
    ...consoleHandlers({
      history: () => readAuditHistory(`${options.dataDir}/audit.jsonl`),
      sandbox: () => undefined,
      secrets: () => undefined,
    }),
  });

  return { api, settingsNotice: settings.notice, stop: async () => {} };
}
