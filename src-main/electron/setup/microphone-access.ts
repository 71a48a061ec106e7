import { systemPreferences } from 'electron';
import { ensureMicrophoneAccess } from '../microphone';
import { warn } from './warn';

/** On macOS, asks for the microphone before the first call and explains a refusal. */
export function setupMicrophone() {
  return ensureMicrophoneAccess(process.platform, systemPreferences, warn);
}
