import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Device } from '@twilio/voice-sdk';
import { PhoneState } from '../../src-renderer/src/lib/phone/phone-state.svelte';
import { fakeApi } from './fake-api';

const AGENT_LEG = 'CA' + '1'.repeat(32);
const CUSTOMER_LEG = 'CA' + '2'.repeat(32);

/** Just enough of the SDK's Call: events, and what the phone calls on it. */
class FakeCall extends EventEmitter {
  parameters = { CallSid: AGENT_LEG, From: '+14155550100' };
  customParameters = new Map([['customerCallSid', CUSTOMER_LEG]]);
  digits: string[] = [];
  mute(on: boolean) {
    this.emit('mute', on);
  }
  sendDigits(d: string) {
    this.digits.push(d);
  }
  disconnect() {
    this.emit('disconnect');
  }
  accept() {
    this.emit('accept');
  }
  reject() {}
}

class FakeDevice extends EventEmitter {
  state = 'unregistered';
  audio = undefined;
  call = new FakeCall();
  async register() {
    this.state = 'registered';
    this.emit('registered');
  }
  updateToken() {}
  destroy() {}
  async connect() {
    return this.call;
  }
}

function setup() {
  const device = new FakeDevice();
  const active: (string | undefined)[] = [];
  const { api } = fakeApi({
    'phone.token': () => ({
      token: 't',
      identity: 'agent',
      ttlSeconds: 600,
      device: { publishEvents: false },
    }),
    'phone.customerLeg': () => ({ callSid: CUSTOMER_LEG, via: 'parameter' }),
  });
  const payment = {
    open: false,
    session: undefined,
    setActiveCall: (s?: string) => active.push(s),
    cancel: async () => {},
  };
  const phone = new PhoneState(api, payment, () => device as unknown as Device);
  return { phone, device, active };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('PhoneState', () => {
  it('says reconnecting and reconnected, and puts quality warnings in plain words until they clear', async () => {
    const { phone, device, active } = setup();
    await phone.start();
    expect(phone.registration.state).toBe('registered');
    phone.number = '+1 415 555 0100';
    await phone.call();
    device.call.emit('accept');
    await tick();
    expect(phone.phase).toBe('in-call');
    expect(active).toEqual([CUSTOMER_LEG]);

    device.call.emit('reconnecting', new Error('ice'));
    expect(phone.phase).toBe('reconnecting');
    expect(phone.notice).toMatch(/reconnecting/i);
    device.call.emit('reconnected');
    expect([phone.phase, phone.notice]).toEqual(['in-call', 'Reconnected.']);

    device.call.emit('warning', 'high-rtt');
    device.call.emit('warning', 'constant-audio-input-level');
    expect(phone.warnings).toHaveLength(2);
    expect(phone.warnings.join(' ')).toMatch(/microphone seems silent/);
    device.call.emit('warning-cleared', 'high-rtt');
    expect(phone.warnings).toHaveLength(1);

    device.call.emit('disconnect');
    expect([phone.phase, phone.notice]).toEqual(['idle', 'Call ended.']);
    expect(active.at(-1)).toBeUndefined();
  });

  it('ends a call the microphone was refused for, and says how to allow it', async () => {
    const { phone, device } = setup();
    await phone.start();
    phone.number = '+1 415 555 0100';
    await phone.call();
    // What the SDK does when getUserMedia is refused: hang up, then report a UserMediaError.
    device.call.emit('disconnect');
    device.call.emit('error', {
      code: 31401,
      message: 'PermissionDeniedError (31401): The browser or end-user denied permissions to user media.',
    });
    expect(phone.phase).toBe('idle');
    expect(phone.error).toMatch(/not allowed to use your microphone/);
    expect(phone.error).toMatch(/Privacy & Security › Microphone/);
    // Anything else keeps the SDK's own words, inside a sentence.
    phone.number = '+1 415 555 0100';
    await phone.call();
    device.call.emit('error', { code: 31000, message: 'GeneralError (31000): oops' });
    expect(phone.error).toBe('The call failed (GeneralError (31000): oops).');
  });

  it('sends quick keypad presses one tone at a time, so none is lost', async () => {
    const { phone, device } = setup();
    await phone.start();
    phone.number = '+14155550100';
    await phone.call();
    device.call.emit('accept');
    await tick();
    for (const d of '123') phone.press(d);
    expect(device.call.digits).toEqual(['1']);
    // The rest follow one tone gap apart, however slow the machine is.
    await vi.waitFor(() => expect(device.call.digits).toEqual(['1', '2', '3']), { timeout: 5000 });
    expect(phone.digits).toBe('123');
  });
});
