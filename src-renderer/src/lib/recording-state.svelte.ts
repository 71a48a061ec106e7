import type { AppApi } from '@shared/api';
import { errorMessage } from '@shared/api';
import type { RecordingStatus } from '@shared/api';
import { Busy } from './busy.svelte';

/** Where each call's recording stands for the payment guard, and the agent's way out of a failed pause. */
export class RecordingState {
  #byCall = $state<Record<string, RecordingStatus>>({});
  readonly #task = new Busy<'stop' | 'pause'>();

  constructor(private readonly api: AppApi) {
    api.on('recording.state', (status) => {
      this.#byCall = { ...this.#byCall, [status.callSid]: status };
      this.#task.error = undefined;
    });
  }

  /** The newest word on a call's recording, if the guard has said anything about it. */
  of(callSid: string | undefined): RecordingStatus | undefined {
    return callSid === undefined ? undefined : this.#byCall[callSid];
  }
  get busy() {
    return this.#task.what;
  }
  get error() {
    return this.#task.error;
  }

  /** Stops the call's recording for good, so the payment can go ahead unrecorded. */
  stop(callSid: string) {
    return this.#run('stop', () => this.api.invoke('recording.stop', { callSid }));
  }

  /** Asks Twilio to pause the recording again. */
  pauseAgain(callSid: string) {
    return this.#run('pause', () => this.api.invoke('recording.pause', { callSid }));
  }

  // The last error stays up until the agent's next try goes through.
  #run(what: 'stop' | 'pause', command: () => Promise<RecordingStatus>) {
    return this.#task.run(
      async () => {
        const status = await command();
        this.#byCall = { ...this.#byCall, [status.callSid]: status };
      },
      { what, keepError: true },
    );
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
