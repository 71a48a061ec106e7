import { describe, expect, it } from 'vitest';
import { TwimlError, parseTwiml } from '../../src-main/sandbox/voice/twiml-parser';

describe('parseTwiml', () => {
  it('reads Dial with Number status callbacks, callerId, timeout and action', () => {
    const [dial] = parseTwiml(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+15550100001" timeout="12" action="https://app/after">' +
        '<Number statusCallback="https://app/status" statusCallbackEvent="initiated ringing answered completed">' +
        '+15550100222</Number></Dial></Response>',
    );
    expect(dial).toMatchObject({
      verb: 'Dial',
      callerId: '+15550100001',
      timeoutSeconds: 12,
      action: 'https://app/after',
    });
    const target = dial!.verb === 'Dial' ? dial!.targets[0] : undefined;
    expect(target).toMatchObject({
      kind: 'number',
      number: '+15550100222',
      statusCallback: { url: 'https://app/status' },
    });
    expect([...(target?.statusCallback?.events ?? [])]).toEqual([
      'initiated',
      'ringing',
      'answered',
      'completed',
    ]);
  });

  it('defaults a Number status callback to the completed event only, as Twilio does', () => {
    const [dial] = parseTwiml(
      '<Response><Dial><Number statusCallback="https://app/s">+15550100222</Number></Dial></Response>',
    );
    expect(dial!.verb === 'Dial' && [...dial!.targets[0]!.statusCallback!.events]).toEqual(['completed']);
  });

  it('reads Client with Identity and Parameters, and a bare Client name', () => {
    const verbs = parseTwiml(
      '<Response><Dial><Client><Identity>alice</Identity><Parameter name="customerCallSid" value="CA1"/>' +
        '<Parameter name="order" value="A &amp; B"/></Client></Dial><Dial><Client>bob</Client></Dial></Response>',
    );
    expect(verbs.map((v) => v.verb === 'Dial' && v.targets[0])).toEqual([
      { kind: 'client', identity: 'alice', params: { customerCallSid: 'CA1', order: 'A & B' } },
      { kind: 'client', identity: 'bob', params: {} },
    ]);
  });

  it('reads Say, Play, Pause, Hangup, Reject and Redirect in document order', () => {
    const verbs = parseTwiml(
      '<Response><Say voice="alice" loop="2">Hello</Say><Play>https://x/a.mp3</Play><Pause length="3"/>' +
        '<Redirect>https://app/next</Redirect><Reject reason="busy"/><Hangup/></Response>',
    );
    expect(verbs).toEqual([
      { verb: 'Say', text: 'Hello', loop: 2 },
      { verb: 'Play', url: 'https://x/a.mp3', loop: 1 },
      { verb: 'Pause', seconds: 3 },
      { verb: 'Redirect', url: 'https://app/next' },
      { verb: 'Reject', reason: 'busy' },
      { verb: 'Hangup' },
    ]);
  });

  it('dials a bare number written inside Dial', () => {
    expect(parseTwiml('<Response><Dial>+15550100222</Dial></Response>')).toEqual([
      {
        verb: 'Dial',
        targets: [{ kind: 'number', number: '+15550100222' }],
        timeoutSeconds: 30,
        answerOnBridge: false,
      },
    ]);
  });

  it.each([
    ['<Response><Say>unclosed</Response>', 12100, /not well-formed/],
    ['<Reply><Say>hi</Say></Reply>', 12200, /no <Response>/],
    ['<Response><Gather/></Response>', 12200, /<Gather>/],
    ['<Response><Dial></Dial></Response>', 12200, /needs a number/],
    ['<Response><Dial><Sip>sip:x@y</Sip></Dial></Response>', 12200, /<Sip> inside <Dial>/],
  ])('refuses %s with Twilio error %i', (xml, code, message) => {
    let thrown: unknown;
    try {
      parseTwiml(xml);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TwimlError);
    expect(thrown).toMatchObject({ code });
    expect((thrown as Error).message).toMatch(message);
  });
});
