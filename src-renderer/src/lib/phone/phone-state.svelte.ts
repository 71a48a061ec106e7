import type { Call, Device } from '@twilio/voice-sdk';
import type { AppApi } from '@shared/api';
import { errorMessage } from '@shared/api';
import { AudioDevices } from './audio-devices.svelte';
import { CallClock } from './call-clock.svelte';
import { checkNumber } from './dial-number';
import { describeCallError, describeWarning } from './quality';
import { Registration } from './registration.svelte';
import { notifyIncoming } from './notify';
import { DtmfQueue } from './dtmf-queue';

export type CallPhase = 'idle' | 'incoming' | 'connecting' | 'ringing' | 'in-call' | 'reconnecting';

/** What the phone needs from the payment area: where to send the customer's leg, and whether a payment is open. */
export interface PaymentLink {
  setActiveCall(sid: string | undefined): void;
  readonly open: boolean;
  /** The latest payment, to tell whether the call's end is what ended it. */
  readonly session: { callSid: string; result?: { result?: string } } | undefined;
  cancel(): Promise<void>;
}

/** The softphone's call lifecycle: registration, one call at a time, its controls, and the link to the payment area. */
export class PhoneState {
  readonly registration: Registration;
  readonly audio = new AudioDevices();
  readonly clock = new CallClock();
  #call: Call | undefined;
  #phase = $state<CallPhase>('idle');
  #outgoing = $state(false);
  #remote = $state<string | undefined>();
  #muted = $state(false);
  #warnings = $state<Record<string, string>>({});
  #notice = $state<string | undefined>();
  #error = $state<string | undefined>();
  #number = $state('');
  #digits = $state('');
  #customerLeg = $state<string | undefined>();
  #dialRequests = $state(0);
  #keys: DtmfQueue | undefined;

  constructor(
    private readonly api: AppApi,
    private readonly payment: PaymentLink,
    makeDevice?: ConstructorParameters<typeof Registration>[3],
  ) {
    this.registration = new Registration(api, (device) => this.#attach(device), 2000, makeDevice);
    api.on('phone.dial', ({ number }) => this.dial(number));
    // Main's tray shows the phone's state; the Device lives here, so tell main when it changes.
    $effect.root(() => {
      $effect(() => {
        void api.invoke('phone.report', { state: this.reported }).catch(() => undefined);
      });
    });
  }

  /** The phone's state as the desktop shell shows it. */
  get reported(): 'offline' | 'registered' | 'ringing' | 'in-call' {
    if (this.#phase === 'incoming') return 'ringing';
    if (this.#phase !== 'idle') return 'in-call';
    return this.registration.state === 'registered' ? 'registered' : 'offline';
  }

  get phase() {
    return this.#phase;
  }
  get outgoing() {
    return this.#outgoing;
  }
  /** The other party's number. */
  get remote() {
    return this.#remote;
  }
  get muted() {
    return this.#muted;
  }
  get warnings() {
    return Object.values(this.#warnings);
  }
  /** The last thing that happened worth saying (call ended, reconnected…). */
  get notice() {
    return this.#notice;
  }
  get error() {
    return this.#error;
  }
  get number() {
    return this.#number;
  }
  set number(value: string) {
    this.#number = value;
    this.#error = undefined;
  }
  get digits() {
    return this.#digits;
  }
  /** The customer's leg of the call, once known (the leg payments go on). */
  get customerLeg() {
    return this.#customerLeg;
  }
  /** Bumped by dial(): the panel moves focus to the Call button. */
  get dialRequests() {
    return this.#dialRequests;
  }
  readonly check = $derived(checkNumber(this.#number));
  readonly busy = $derived(this.#phase !== 'idle');
  /** How long the call has been connected, as m:ss. */
  get elapsed() {
    return this.clock.elapsed;
  }
  /** Hanging up would cut off an open payment, so the panel asks first. */
  get hangUpNeedsConfirm() {
    return this.payment.open;
  }

  start() {
    return this.registration.start();
  }

  /** Fills "Number to call" (tel: links, history); the agent still presses Call. */
  dial(number: string) {
    this.number = number;
    this.#dialRequests++;
  }

  async call() {
    const device = this.registration.device;
    if (!this.check.ok) return void (this.#error = this.check.error);
    if (!device || this.registration.state !== 'registered')
      return void (this.#error = 'The phone is not registered, so it cannot call yet.');
    const { e164, display } = this.check;
    this.#begin(true, display);
    try {
      this.#track(await device.connect({ params: { To: e164 } }));
    } catch (error) {
      this.#end(`The call could not start: ${errorMessage(error)}`);
    }
  }

  accept() {
    this.#call?.accept();
  }

  reject() {
    this.#call?.reject();
    this.#end('Call rejected.');
  }

  /** Ends the call; an open payment is cancelled first so Twilio stops listening cleanly. */
  async hangUp() {
    const call = this.#call;
    if (!call) return;
    if (this.payment.open) {
      await this.payment.cancel().catch(() => undefined);
      this.#notice = 'You hung up; the open payment was cancelled.';
    }
    call.disconnect();
  }

  toggleMute() {
    this.#call?.mute(!this.#muted);
  }

  /** A key on the keypad: a tone to the other party, never payment data. */
  press(digit: string) {
    if (this.#phase !== 'in-call' || !this.#keys?.press(digit)) return;
    this.#digits += digit;
  }

  #attach(device: Device) {
    this.audio.attach(device);
    device.on('incoming', (call: Call) => {
      if (this.#call) return call.reject();
      this.#begin(false, call.parameters.From);
      this.#phase = 'incoming';
      this.#track(call);
      notifyIncoming(call.parameters.From ?? 'an unknown number');
    });
  }

  #begin(outgoing: boolean, remote: string | undefined) {
    this.#outgoing = outgoing;
    this.#remote = remote;
    this.#phase = outgoing ? 'connecting' : 'incoming';
    this.#muted = false;
    this.#digits = '';
    this.#warnings = {};
    this.#notice = undefined;
    this.#error = undefined;
    this.clock.reset();
  }

  #track(call: Call) {
    this.#call = call;
    this.#keys?.clear();
    this.#keys = new DtmfQueue((digit) => call.sendDigits(digit));
    call.on('ringing', () => (this.#phase = 'ringing'));
    call.on('accept', () => void this.#connected(call));
    call.on('mute', (muted: boolean) => (this.#muted = muted));
    call.on('reconnecting', () => {
      this.#phase = 'reconnecting';
      this.#notice = 'Connection lost; reconnecting the call…';
    });
    call.on('reconnected', () => {
      this.#phase = 'in-call';
      this.#notice = 'Reconnected.';
    });
    call.on(
      'warning',
      (name: string) => (this.#warnings = { ...this.#warnings, [name]: describeWarning(name) }),
    );
    call.on('warning-cleared', (name: string) => {
      const { [name]: _gone, ...rest } = this.#warnings;
      this.#warnings = rest;
    });
    call.on('disconnect', () => this.#end(this.#endedWords()));
    call.on('cancel', () => this.#end('The caller hung up before you answered.'));
    call.on('reject', () => this.#end('Call rejected.'));
    call.on(
      'error',
      (error: { code?: number; message?: string }) => (this.#error = describeCallError(error)),
    );
  }

  async #connected(call: Call) {
    this.#phase = 'in-call';
    this.clock.start();
    const callSid = call.parameters.CallSid ?? '';
    const args = this.#outgoing
      ? { callSid, direction: 'outgoing' as const }
      : {
          callSid,
          direction: 'incoming' as const,
          customerCallSid: call.customParameters.get('customerCallSid'),
        };
    try {
      const leg = await this.api.invoke('phone.customerLeg', args);
      if (this.#call !== call) return;
      this.#customerLeg = leg.callSid;
      this.payment.setActiveCall(leg.callSid);
    } catch (error) {
      this.#error = errorMessage(error);
    }
  }

  #endedWords() {
    if (this.#notice?.startsWith('You hung up')) return this.#notice;
    // The core may have ended the payment already (the leg's end reached main first).
    const s = this.payment.session;
    const endedByCall =
      s !== undefined && s.callSid === this.#customerLeg && s.result?.result === 'call-ended';
    return this.payment.open || endedByCall
      ? 'The call ended, so the open payment was cancelled.'
      : 'Call ended.';
  }

  #end(notice: string) {
    this.clock.stop();
    this.#keys?.clear();
    this.#keys = undefined;
    this.#call = undefined;
    this.#phase = 'idle';
    this.#customerLeg = undefined;
    this.#notice = notice;
    this.payment.setActiveCall(undefined);
  }
}
