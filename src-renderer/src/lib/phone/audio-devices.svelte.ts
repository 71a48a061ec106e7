import type { Device } from '@twilio/voice-sdk';
import { errorMessage } from '@shared/api';

export type AudioRole = 'microphone' | 'speaker' | 'ringtone';
export interface AudioChoice {
  id: string;
  label: string;
}

const KEY = (role: AudioRole) => `callpay.audio.${role}`;

/** Microphone, speaker and ringtone pickers over the Device's audio helper, remembered across runs. */
export class AudioDevices {
  #inputs = $state<AudioChoice[]>([]);
  #outputs = $state<AudioChoice[]>([]);
  #chosen = $state<Record<AudioRole, string>>({ microphone: '', speaker: '', ringtone: '' });
  #device: Device | undefined;
  #error = $state<string | undefined>();

  get inputs() {
    return this.#inputs;
  }
  get outputs() {
    return this.#outputs;
  }
  /** Whether speakers can be picked (Chromium can; some browsers cannot). */
  get canPickOutput() {
    return this.#device?.audio?.isOutputSelectionSupported ?? false;
  }
  get error() {
    return this.#error;
  }
  chosen(role: AudioRole): string {
    return this.#chosen[role];
  }

  /** Follows a Device's audio helper and applies the remembered choices. */
  attach(device: Device) {
    this.#device = device;
    for (const role of ['microphone', 'speaker', 'ringtone'] as AudioRole[])
      this.#chosen[role] = localStorage.getItem(KEY(role)) ?? '';
    const refresh = () => this.#refresh();
    device.audio?.on('deviceChange', refresh);
    refresh();
  }

  async choose(role: AudioRole, id: string) {
    this.#chosen[role] = id;
    localStorage.setItem(KEY(role), id);
    await this.#apply(role);
  }

  #refresh() {
    const audio = this.#device?.audio;
    if (!audio) return;
    const list = (m: Map<string, MediaDeviceInfo>) =>
      [...m.values()].map((d) => ({ id: d.deviceId, label: d.label || 'Unnamed device' }));
    this.#inputs = list(audio.availableInputDevices);
    this.#outputs = list(audio.availableOutputDevices);
    for (const role of ['microphone', 'speaker', 'ringtone'] as AudioRole[]) void this.#apply(role);
  }

  async #apply(role: AudioRole) {
    const audio = this.#device?.audio;
    const id = this.#chosen[role];
    if (!audio || !id) return;
    const known = (role === 'microphone' ? this.#inputs : this.#outputs).some((d) => d.id === id);
    if (!known) return; // A remembered device that is unplugged now; keep the memory for when it returns.
    try {
      if (role === 'microphone') await audio.setInputDevice(id);
      else if (audio.isOutputSelectionSupported)
        await (role === 'speaker' ? audio.speakerDevices : audio.ringtoneDevices).set(id);
      this.#error = undefined;
    } catch (error) {
      this.#error = `Could not switch the ${role}: ${errorMessage(error)}`;
    }
  }
}
