/** The SDK's call-quality warnings, said the way an agent would want to hear them. */
const WARNINGS: Record<string, string> = {
  'high-rtt': 'The line has a long delay; you may talk over each other.',
  'high-jitter': 'The audio is arriving unevenly; the customer may sound choppy.',
  'high-packet-loss': 'Parts of the audio are being lost; ask the customer to repeat if unsure.',
  'high-packets-lost-fraction': 'Parts of the audio are being lost; ask the customer to repeat if unsure.',
  'low-mos': 'Call quality is poor right now.',
  'constant-audio-input-level': 'Your microphone seems silent; check it is plugged in and not muted.',
  'constant-audio-output-level': 'No sound is coming from the customer.',
  'ice-connectivity-lost': 'The network connection for the call was lost.',
};

/** A warning's plain words; unknown warnings still get a sentence. */
export function describeWarning(name: string): string {
  return WARNINGS[name] ?? 'Call quality dropped.';
}

const MICROPHONE_REFUSED =
  'Callpay is not allowed to use your microphone, so the call was ended. Allow microphone access for Callpay (on macOS: System Settings › Privacy & Security › Microphone; in a browser: the site’s permissions), then call again.';

/** Voice SDK error codes an agent can act on (UserMediaErrors and the older 31208 for a denied microphone). */
const CALL_ERRORS: Record<number, string> = {
  31208: MICROPHONE_REFUSED,
  31401: MICROPHONE_REFUSED,
  31402:
    'No microphone could be opened, so the call was ended. Check that one is connected and not in use by another app, then call again.',
  31005: 'The connection to Twilio was lost, so the call ended.',
  31009: 'Callpay could not reach Twilio, so the call could not go through. Check the internet connection.',
  31486: 'The other side is busy.',
  31480: 'The other side is not available right now.',
};

/** A call error in plain words: what happened and what to do; the SDK's code is kept for support. */
export function describeCallError(error: { code?: number; message?: string }): string {
  const known = error.code === undefined ? undefined : CALL_ERRORS[error.code];
  if (known) return known;
  const detail = error.message?.trim() || 'no reason was given';
  return `The call failed (${detail}).`;
}
