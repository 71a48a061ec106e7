import type { SystemPreferences } from 'electron';

/** The slice of systemPreferences used here (macOS only in Electron). */
export type MediaAccess = Pick<SystemPreferences, 'getMediaAccessStatus' | 'askForMediaAccess'>;

export type MicrophoneAccess = 'granted' | 'denied' | 'not-applicable';

/** What the agent is told when macOS refuses the microphone. */
export const MICROPHONE_DENIED_MESSAGE =
  'Callpay cannot use the microphone, so callers will not hear you. Open System Settings › ' +
  'Privacy & Security › Microphone, turn on Callpay, then restart Callpay.';

/**
 * Asks macOS for the microphone before the first call, so the prompt does not interrupt a caller;
 * on refusal `explain` is called with a sentence saying how to turn it on. Elsewhere the OS does
 * not gate the microphone per app and this resolves `not-applicable`.
 */
export async function ensureMicrophoneAccess(
  platform: NodeJS.Platform,
  media: MediaAccess,
  explain: (message: string) => void,
): Promise<MicrophoneAccess> {
  if (platform !== 'darwin') return 'not-applicable';
  const status = media.getMediaAccessStatus('microphone');
  if (status === 'granted') return 'granted';
  // Once denied or restricted, macOS will not prompt again: only the user can change it.
  const granted = status === 'not-determined' ? await media.askForMediaAccess('microphone') : false;
  if (granted) return 'granted';
  explain(MICROPHONE_DENIED_MESSAGE);
  return 'denied';
}
