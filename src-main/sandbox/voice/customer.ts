import { LevelMeter, tone, type AudioSource } from './audio';
import type { AgentMedia } from './agent-media';

/** How long a simulated customer lets the phone ring before answering, unless a number says otherwise. */
export const DEFAULT_RING_MS = 800;

/** What a dialled number does; `answer` is the default for any number not in the table. */
export type NumberBehaviour = 'answer' | 'busy' | 'no-answer' | 'failed';

/** Documented sandbox numbers that do not answer (555-01xx is reserved for fiction). */
export const SPECIAL_NUMBERS: Readonly<Record<string, NumberBehaviour>> = {
  '+15550100486': 'busy',
  '+15550100408': 'no-answer',
  '+15550100500': 'failed',
};

/** How a dialled number behaves in the sandbox. */
export function numberBehaviour(e164: string): NumberBehaviour {
  return SPECIAL_NUMBERS[e164] ?? 'answer';
}

/**
 * A simulated customer on a phone leg: speaks a steady tone, hears the agent (measured, so a test can
 * tell muted from unmuted) and hears the keys the agent presses — which are sounds in their ear,
 * never keys pressed on their own keypad, so payment capture (CallStore digits) never sees them.
 */
export class SimulatedCustomer {
  readonly hearing = new LevelMeter();
  private readonly digits: string[] = [];

  constructor(
    readonly callSid: string,
    private readonly voiceHz = 440,
  ) {}

  /** The customer's voice, as a never-ending source. */
  voice(): AudioSource {
    return tone(this.voiceHz);
  }

  /** Keys the agent pressed while connected to this customer, in order. */
  heardDigits(): string {
    return this.digits.join('');
  }

  /** The customer hears a key the agent pressed (in-band or by the signaling fallback). */
  hearDigit(digit: string): void {
    this.digits.push(digit);
  }

  /** Connects this customer's ear and voice to an agent's media; returns a function that disconnects. */
  connect(media: AgentMedia): () => void {
    media.play(this.voice());
    const offAudio = media.onAudio((frame) => this.hearing.add(frame));
    const offDigit = media.onDigit((digit) => this.hearDigit(digit));
    return () => {
      media.play(null);
      offAudio();
      offDigit();
    };
  }
}
