import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLog, pickLogFields } from '../../../src-main/core/log';

describe('log allowlist', () => {
  it('drops every field that is not allowlisted, such as raw bodies', () => {
    expect(
      pickLogFields({
        sessionId: 's1',
        statusCode: 403,
        body: 'PaymentCardNumber=4111111111111111',
        params: { SecurityCode: '123' },
        headers: { authorization: 'Basic x' },
      }),
    ).toEqual({ sessionId: 's1', statusCode: 403 });
  });

  it('cuts long digit runs from allowed fields, but keeps SIDs intact', () => {
    const sid = `CA${'1234567890'.repeat(3)}ab`;
    expect(pickLogFields({ reason: 'card 4111 1111 1111 1111 refused', callSid: sid })).toEqual({
      reason: 'card [redacted] refused',
      callSid: sid,
    });
  });

  it('keeps a session id whole, even one whose groups run to twelve digits with their hyphens', () => {
    const sessionId = 'a82b7a12-3456-4789-8123-fb026da6abd5';
    expect(pickLogFields({ sessionId })).toEqual({ sessionId });
    expect(pickLogFields({ sessionId: `${sessionId} 4111 1111 1111 1111` }).sessionId).toMatch(
      /\[redacted\]/,
    );
  });

  it('writes JSON lines with the event name and only the allowed fields', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLog({ destination });
    log.warn('webhook.signature_refused', { route: '/twilio/payments/status', rawBody: 'Sid=PK…' });
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      event: 'webhook.signature_refused',
      route: '/twilio/payments/status',
      level: 40,
    });
    expect(line).not.toHaveProperty('rawBody');
  });
});
