import type { AppApi } from '@shared/api';
import { errorMessage } from '@shared/api';
import type { RecordingStatus } from '@shared/api';

/** Where each call's recording stands for the payment guard, and the agent's way out of a failed pause. */
export class RecordingState {
  #byCall = $state<Record<string, RecordingStatus>>({});
  #busy = $state<'stop' | 'pause' | undefined>();
  #error = $state<string | undefined>();

  constructor(private readonly api: AppApi) {
    api.on('recording.state', (status) => {
      this.#byCall = { ...this.#byCall, [status.callSid]: status };
      this.#error = undefined;
    });
  }

  /** The newest word on a call's recording, if the guard has said anything about it. */
  of(callSid: string | undefined): RecordingStatus | undefined {
    return callSid === undefined ? undefined : this.#byCall[callSid];
  }
  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
  }

  /** Stops the call's recording for good, so the payment can go ahead unrecorded. */
  stop(callSid: string) {
    return this.#run('stop', () => this.api.invoke('recording.stop', { callSid }));
  }

  /** Asks Twilio to pause the recording again. */
  pauseAgain(callSid: string) {
    return this.#run('pause', () => this.api.invoke('recording.pause', { callSid }));
  }

  async #run(what: 'stop' | 'pause', command: () => Promise<RecordingStatus>) {
    this.#busy = what;
    try {
      const status = await command();
      this.#byCall = { ...this.#byCall, [status.callSid]: status };
      this.#error = undefined;
    } catch (error) {
      this.#error = errorMessage(error);
    } finally {
      this.#busy = undefined;
    }
  }
}

/** Saves the "Record calls" setting. */
export async function saveRecordCalls(api: AppApi, on: boolean): Promise<string | undefined> {
  try {
    await api.invoke('settings.set', { recordCalls: on });
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}
