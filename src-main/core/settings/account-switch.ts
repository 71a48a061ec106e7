import { AppError } from '@shared/api';
import { type Settings, type SettingsPatch } from '@shared/api';
import { askTwilioAboutAccount, REFUSED, UNREACHABLE_ON_SWITCH } from '../twilio/account-check';
import { modeFor } from './mode';
import type { SecretStore } from './secret-store';

/** A patch as the store merges it: a `null` (an emptied field) becomes a removed value. */
export type StorePatch = Omit<SettingsPatch, 'twilio'> & {
  twilio?: { [K in keyof Settings['twilio']]?: Settings['twilio'][K] | undefined };
};

export interface AccountSwitchDeps {
  secrets: () => SecretStore | undefined;
  /** Live REST goes here instead of Twilio (a standalone sandbox). */
  restBaseUrl?: string;
  restTimeoutMs?: number;
}

/**
 * Turns a settings patch into the one to save. A patch that would switch to live mode, or to
 * another account, is checked with Twilio first: refused or unanswered, it throws and nothing changes.
 */
export async function checkedPatch(
  before: Settings,
  patch: SettingsPatch,
  deps: AccountSwitchDeps,
): Promise<StorePatch> {
  const twilio =
    patch.twilio &&
    Object.fromEntries(Object.entries(patch.twilio).map(([key, value]) => [key, value ?? undefined]));
  const next: Settings = { ...before, twilio: { ...before.twilio, ...twilio } };
  const account = (s: Settings) => [s.twilio.accountSid, s.twilio.apiKeySid].join();
  const goesLive =
    modeFor(next) === 'live' && (modeFor(before) !== 'live' || account(before) !== account(next));
  if (goesLive) await mustAnswerYes(next.twilio.accountSid!, deps);
  return { ...patch, ...(twilio ? { twilio } : {}) } as StorePatch;
}

async function mustAnswerYes(accountSid: string, deps: AccountSwitchDeps): Promise<void> {
  const authToken = await deps
    .secrets()
    ?.get('authToken')
    .catch(() => undefined);
  if (authToken === undefined)
    throw new AppError(
      'no_auth_token',
      'Add the Auth Token with the Account SID: Callpay checks them with Twilio before it switches to Live.',
      'authToken',
    );
  const answer = await askTwilioAboutAccount({
    accountSid,
    username: accountSid,
    password: authToken,
    sandboxUrl: deps.restBaseUrl,
    timeoutMs: deps.restTimeoutMs,
  });
  if (answer.state === 'refused') throw new AppError('bad_credentials', REFUSED);
  if (answer.state === 'unreachable') throw new AppError('twilio_unreachable', UNREACHABLE_ON_SWITCH);
}
