import { describe, expect, it } from 'vitest';
import { LevelMeter, muLawDecode, muLawEncode, muLawRms, tone } from '../../src-main/sandbox/voice/audio';
import { SPECIAL_NUMBERS, numberBehaviour } from '../../src-main/sandbox/voice/customer';

describe('G.711 µ-law and levels', () => {
  it('round-trips samples within µ-law quantisation error', () => {
    for (const sample of [0, 1, -1, 100, -100, 1000, -1000, 8000, -8000, 32000, -32000]) {
      const back = muLawDecode(muLawEncode(sample));
      expect(Math.abs(back - sample)).toBeLessThanOrEqual(Math.max(8, Math.abs(sample) * 0.07));
    }
  });

  it('encodes silence as 0xFF, the µ-law zero', () => {
    expect(muLawEncode(0)).toBe(0xff);
  });

  it('measures a tone near amplitude/√2 and silence as 0', () => {
    const frame = tone(440, 20, 6000)()!;
    expect(frame).toHaveLength(160);
    expect(muLawRms(frame)).toBeGreaterThan(4000);
    expect(muLawRms(frame)).toBeLessThan(4500);
    expect(muLawRms(new Uint8Array(160).fill(0xff))).toBe(0);
  });

  it('ends a timed tone after its duration', () => {
    const source = tone(440, 40);
    expect([source(), source(), source()].map((f) => f === null)).toEqual([false, false, true]);
  });

  it('forgets audio older than its window, so a call that went silent reads 0', () => {
    const meter = new LevelMeter(500);
    meter.add(tone(440, 20)()!, 1000);
    expect(meter.level(1200)).toBeGreaterThan(1000);
    expect(meter.level(1600)).toBe(0);
  });
});

describe('sandbox numbers', () => {
  it('documents a busy, a never-answering and a failing number; others answer', () => {
    expect(Object.values(SPECIAL_NUMBERS).sort()).toEqual(['busy', 'failed', 'no-answer']);
    expect(numberBehaviour('+15550100486')).toBe('busy');
    expect(numberBehaviour('+14155550100')).toBe('answer');
  });
});
