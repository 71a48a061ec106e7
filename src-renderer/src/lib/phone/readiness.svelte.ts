import type { AppApi } from '@shared/api';
import type { ReadinessItem } from '@shared/api';
import type { Registration } from './registration.svelte';
import { Busy } from '../busy.svelte';

/** Whether the microphone may be used and picks up sound (a short listen, then released). */
export async function checkMicrophone(listenMs = 600): Promise<ReadinessItem> {
  const item = { id: 'microphone' as const, label: 'Microphone' };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch {
    return {
      ...item,
      ready: false,
      detail: 'Callpay may not use the microphone. Allow it in the system or browser settings.',
    };
  }
  const context = new AudioContext();
  try {
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    let peak = 0;
    const end = Date.now() + listenMs;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(data);
      for (const v of data) peak = Math.max(peak, Math.abs(v));
    }
    return peak > 0.01
      ? { ...item, ready: true, detail: 'Allowed, and it picks up sound.' }
      : {
          ...item,
          ready: false,
          detail: 'Allowed, but silent: check it is plugged in, switched on and not muted.',
        };
  } finally {
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
  }
}

/** The check before the first call: main's parts (credentials, tunnel) plus the phone's own. */
export class Readiness {
  #items = $state<ReadinessItem[]>([]);
  readonly #task = new Busy();

  constructor(
    private readonly api: AppApi,
    private readonly registration: Registration,
  ) {}

  get items() {
    return this.#items;
  }
  get checking() {
    return this.#task.busy;
  }
  get error() {
    return this.#task.error;
  }

  async check() {
    await this.#task.run(async () => {
      const [main, microphone] = await Promise.all([
        this.api.invoke('setup.readiness', {}),
        checkMicrophone(),
      ]);
      const registered = this.registration.state === 'registered';
      this.#items = [
        ...main.items,
        {
          id: 'registration',
          label: 'Phone registered with Twilio',
          ready: registered,
          detail: registered
            ? 'Ready for calls.'
            : (this.registration.reason ?? 'Still registering; wait a moment.'),
        },
        microphone,
      ];
    });
  }
}
