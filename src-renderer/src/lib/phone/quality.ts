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
