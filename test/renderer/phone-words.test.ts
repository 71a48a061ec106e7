import { describe, expect, it } from 'vitest';
import { checkNumber } from '../../src-renderer/src/lib/phone/dial-number';
import { describeWarning } from '../../src-renderer/src/lib/phone/quality';
import { registrationReason } from '../../src-renderer/src/lib/phone/registration-reason';

describe('Number to call', () => {
  it('formats what the agent types as E.164, reading national numbers as US', () => {
    expect(checkNumber('(415) 555-0100')).toEqual({
      ok: true,
      e164: '+14155550100',
      display: '+1 415 555 0100',
    });
    expect(checkNumber(' +44 20 7946 0958 ')).toMatchObject({ ok: true, e164: '+442079460958' });
  });

  it('refuses empty, lettered and incomplete numbers with a sentence', () => {
    expect(checkNumber('')).toEqual({ ok: false, error: 'Type the number to call.' });
    expect(checkNumber('1-800-FLOWERS')).toMatchObject({
      ok: false,
      error: expect.stringContaining('only digits'),
    });
    expect(checkNumber('555')).toMatchObject({ ok: false, error: expect.stringContaining('country code') });
  });
});

describe('plain words', () => {
  it('explains every quality warning the SDK raises, including a silent microphone', () => {
    for (const name of [
      'high-rtt',
      'high-jitter',
      'high-packet-loss',
      'low-mos',
      'constant-audio-input-level',
    ])
      expect(describeWarning(name)).not.toBe(describeWarning('something-new'));
    expect(describeWarning('constant-audio-input-level')).toMatch(/microphone/);
  });

  it('turns a refused token into a fix, keeping the server’s own reason', () => {
    const reason = registrationReason({
      code: 20101,
      message: 'AccessTokenInvalid (20101)',
      originalError: { message: 'not signed with the API key secret' },
    });
    expect(reason).toMatch(/API key or its secret is wrong.*\(not signed with the API key secret\)$/);
    expect(registrationReason({ code: 31005, message: 'x' })).toMatch(/network/);
    // In a browser in sandbox mode, an unreachable signaling is the per-run certificate not yet accepted.
    const page = 'https://127.0.0.1:4443/';
    expect(registrationReason({ code: 53000, message: 'x' }, page)).toMatch(
      /certificate made on this computer.*Open https:\/\/127\.0\.0\.1:4443\/ once and accept it/,
    );
    expect(registrationReason({ code: 20101 }, page)).toMatch(/refused the access token/);
    expect(registrationReason({ code: 1, message: 'Odd failure' })).toBe('Odd failure');
  });
});
