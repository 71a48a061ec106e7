import type { Settings } from '@shared/api';
import type { EventListener, Handlers } from '../api/host';
import { checkedPatch, type AccountSwitchDeps } from './account-switch';
import type { SettingsStore } from './settings-store';
import { secretsHandlers, type SecretWriter } from './secrets-handlers';

export interface SettingsHandlerDeps {
  store: SettingsStore;
  secrets: () => SecretWriter | undefined;
  emit: EventListener;
  /** How a change of Twilio account is checked with Twilio before it is saved. */
  account: AccountSwitchDeps;
  /** After each saved change, so the connection can follow it. */
  onChange(before: Settings, next: Settings): Promise<void>;
  onSecretsChanged(): void;
}

/** `settings.get`, `settings.set` and the secrets commands. */
export function settingsHandlers(
  deps: SettingsHandlerDeps,
): Pick<Handlers, 'settings.get' | 'settings.set' | 'settings.secrets' | 'settings.setSecrets'> {
  return {
    'settings.get': () => deps.store.value,
    'settings.set': async (patch) => {
      const before = deps.store.value;
      // A switch to live mode, or to another account, is saved only once Twilio accepts it.
      const next = await deps.store.update(await checkedPatch(before, patch, deps.account));
      deps.emit('settings.changed', next);
      await deps.onChange(before, next);
      return next;
    },
    ...secretsHandlers(deps.secrets, deps.onSecretsChanged),
  };
}
