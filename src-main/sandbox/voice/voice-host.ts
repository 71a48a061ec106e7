import type { SandboxContext } from '../extension';

/** The parts of the sandbox the voice side works with. */
export type VoiceHost = Pick<
  SandboxContext,
  'calls' | 'clock' | 'credentials' | 'postSigned' | 'resources' | 'log'
>;
