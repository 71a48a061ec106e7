import { describe, expect, it, vi } from 'vitest';
import {
  ensureMicrophoneAccess,
  MICROPHONE_DENIED_MESSAGE,
  type MediaAccess,
} from '../../src-main/electron/microphone';

function media(status: ReturnType<MediaAccess['getMediaAccessStatus']>, answer = true) {
  return {
    getMediaAccessStatus: vi.fn(() => status),
    askForMediaAccess: vi.fn(async () => answer),
  };
}

describe('microphone access on macOS', () => {
  it('asks once when the user has not decided yet, and is content with a yes', async () => {
    const m = media('not-determined', true);
    const explain = vi.fn();
    await expect(ensureMicrophoneAccess('darwin', m, explain)).resolves.toBe('granted');
    expect(m.askForMediaAccess).toHaveBeenCalledWith('microphone');
    expect(explain).not.toHaveBeenCalled();
  });

  it('explains how to turn the microphone on when the user says no', async () => {
    const explain = vi.fn();
    await expect(ensureMicrophoneAccess('darwin', media('not-determined', false), explain)).resolves.toBe(
      'denied',
    );
    expect(explain).toHaveBeenCalledWith(MICROPHONE_DENIED_MESSAGE);
    expect(MICROPHONE_DENIED_MESSAGE).toMatch(/System Settings.*Microphone/);
  });

  it('does not ask again after an earlier refusal, which macOS would ignore, but explains it', async () => {
    for (const status of ['denied', 'restricted'] as const) {
      const m = media(status);
      const explain = vi.fn();
      await expect(ensureMicrophoneAccess('darwin', m, explain)).resolves.toBe('denied');
      expect(m.askForMediaAccess).not.toHaveBeenCalled();
      expect(explain).toHaveBeenCalledTimes(1);
    }
  });

  it('does nothing when access was already granted', async () => {
    const m = media('granted');
    await expect(ensureMicrophoneAccess('darwin', m, vi.fn())).resolves.toBe('granted');
    expect(m.askForMediaAccess).not.toHaveBeenCalled();
  });

  it('leaves Windows and Linux alone, where the OS does not gate the microphone per app', async () => {
    const m = media('denied');
    await expect(ensureMicrophoneAccess('win32', m, vi.fn())).resolves.toBe('not-applicable');
    await expect(ensureMicrophoneAccess('linux', m, vi.fn())).resolves.toBe('not-applicable');
    expect(m.getMediaAccessStatus).not.toHaveBeenCalled();
  });
});
