/** 8 kHz telephone audio: G.711 µ-law (PCMU) coding, tones and loudness, for the simulated far ends. */

export const SAMPLE_RATE = 8000;
/** Samples in one 20 ms RTP packet at 8 kHz. */
export const FRAME_SAMPLES = 160;

const BIAS = 0x84;
const CLIP = 32635;

/** Encodes one 16-bit linear sample as a µ-law byte (ITU-T G.711). */
export function muLawEncode(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = ~(sign | (exponent << 4) | mantissa);
  return magnitude & 0xff;
}

/** Decodes one µ-law byte to a 16-bit linear sample. */
export function muLawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** Root mean square of a PCMU payload, in 16-bit linear units (silence ≈ 0, a loud voice ≈ 3000+). */
export function muLawRms(payload: Uint8Array): number {
  if (payload.length === 0) return 0;
  let sum = 0;
  for (const byte of payload) {
    const s = muLawDecode(byte);
    sum += s * s;
  }
  return Math.sqrt(sum / payload.length);
}

/** Something that speaks into a call, 20 ms at a time; `null` when it has nothing more to say. */
export type AudioSource = () => Uint8Array | null;

/** A sine tone as PCMU frames; endless unless `durationMs` is given. */
export function tone(frequencyHz: number, durationMs = Infinity, amplitude = 6000): AudioSource {
  let n = 0;
  const total = Number.isFinite(durationMs) ? Math.round((durationMs / 1000) * SAMPLE_RATE) : Infinity;
  return () => {
    if (n >= total) return null;
    const frame = new Uint8Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++, n++) {
      frame[i] = muLawEncode(amplitude * Math.sin((2 * Math.PI * frequencyHz * n) / SAMPLE_RATE));
    }
    return frame;
  };
}

const SILENT_FRAME = new Uint8Array(FRAME_SAMPLES).fill(muLawEncode(0));

/** A PCMU frame of silence. */
export function silentFrame(): Uint8Array {
  return SILENT_FRAME;
}

/** Tracks how loud the audio heard recently was, over a sliding window of frames. */
export class LevelMeter {
  private readonly frames: Array<{ at: number; rms: number }> = [];

  constructor(private readonly windowMs = 500) {}

  add(payload: Uint8Array, at = Date.now()): void {
    this.frames.push({ at, rms: muLawRms(payload) });
    while (this.frames.length > 0 && this.frames[0]!.at < at - this.windowMs) this.frames.shift();
  }

  /** Mean RMS over the window; 0 when nothing arrived in it (no media is as silent as silence). */
  level(now = Date.now()): number {
    const recent = this.frames.filter((f) => f.at >= now - this.windowMs);
    return recent.length === 0 ? 0 : recent.reduce((sum, f) => sum + f.rms, 0) / recent.length;
  }
}

/** Turns frames pushed by one call into a source another call plays, keeping at most ~200 ms queued. */
export function relay(): { push(frame: Uint8Array): void; source: AudioSource } {
  const queue: Uint8Array[] = [];
  return {
    push(frame) {
      queue.push(frame);
      if (queue.length > 10) queue.shift();
    },
    source: () => queue.shift() ?? silentFrame(),
  };
}
