import type { Settings } from '@shared/api';
import type { Mode } from '@shared/api';

/** Live mode needs an account the user has not set aside; otherwise the app runs against its sandbox. */
export function modeFor(settings: Settings): Mode {
  return settings.twilio.accountSid === undefined || settings.twilio.useSandbox === true ? 'sandbox' : 'live';
}

/** True when a settings change needs a new connection: the mode changed, or a live account's link did. */
export function needsReconnect(before: Settings, next: Settings): boolean {
  // The sandbox keeps its calls across unrelated changes; live mode reconnects on any account change.
  // Caller ID and connector are read per call and per payment: changing them keeps the tunnel up.
  const link = (v: Settings) => {
    const { callerId: _callerId, paymentConnector: _connector, ...account } = v.twilio;
    return JSON.stringify([account, v.tunnel]);
  };
  const changed = link(before) !== link(next);
  return modeFor(before) !== modeFor(next) || (modeFor(next) === 'live' && changed);
}

/** The live account's chosen Pay Connector; in sandbox mode the test connector takes every payment. */
export function chosenConnector(settings: Settings): string | undefined {
  return modeFor(settings) === 'live' ? settings.twilio.paymentConnector : undefined;
}
