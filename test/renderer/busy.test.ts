import { describe, expect, it } from 'vitest';
import { Busy } from '../../src-renderer/src/lib/busy.svelte';

/** A task that ends when the test says so. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { task: () => promise, resolve, reject };
}

describe('Busy', () => {
  it('is busy while the task runs and not after', async () => {
    const task = new Busy();
    const step = deferred();
    expect(task.busy).toBe(false);
    const run = task.run(step.task);
    expect([task.busy, task.what]).toEqual([true, true]);
    step.resolve();
    await run;
    expect([task.busy, task.what, task.error]).toEqual([false, undefined, undefined]);
  });

  it('says which command is in flight when the store names it', async () => {
    const task = new Busy<'stop' | 'pause'>();
    const step = deferred();
    const run = task.run(step.task, { what: 'stop' });
    expect(task.what).toBe('stop');
    step.resolve();
    await run;
    expect(task.what).toBeUndefined();
  });

  it('shows a failure’s message, and clears it when the next run starts', async () => {
    const task = new Busy();
    await task.run(() => Promise.reject(new Error('Twilio did not answer.')));
    expect([task.busy, task.error]).toEqual([false, 'Twilio did not answer.']);
    const step = deferred();
    const run = task.run(step.task);
    expect(task.error).toBeUndefined();
    step.resolve();
    await run;
    expect(task.error).toBeUndefined();
    // Whatever was thrown is said in words.
    await task.run(() => Promise.reject('offline'));
    expect(task.error).toBe('offline');
  });

  it('runs a second task while one is in flight, and the first to end clears busy', async () => {
    const task = new Busy<string>();
    const first = deferred();
    const second = deferred();
    const one = task.run(first.task, { what: 'start' });
    const two = task.run(second.task, { what: 'cancel' });
    expect(task.what).toBe('cancel');
    first.reject(new Error('The call has ended.'));
    await one;
    expect([task.busy, task.error]).toEqual([false, 'The call has ended.']);
    second.resolve();
    await two;
    // The second run cleared the error when it started, before the first one failed.
    expect([task.busy, task.error]).toEqual([false, 'The call has ended.']);
  });

  it('with keepError, keeps the last error up while it runs and clears it only on success', async () => {
    const task = new Busy();
    await task.run(() => Promise.reject(new Error('Could not stop the recording.')));
    const retry = deferred();
    const run = task.run(retry.task, { keepError: true });
    expect([task.busy, task.error]).toEqual([true, 'Could not stop the recording.']);
    retry.reject(new Error('Still could not stop it.'));
    await run;
    expect(task.error).toBe('Still could not stop it.');
    await task.run(() => Promise.resolve(), { keepError: true });
    expect(task.error).toBeUndefined();
  });

  it('lets the store word a failure, or show it elsewhere and leave error as it is', async () => {
    const task = new Busy();
    const seen: unknown[] = [];
    await task.run(() => Promise.reject(new Error('x')), { onError: () => 'Try again in a moment.' });
    expect(task.error).toBe('Try again in a moment.');
    await task.run(() => Promise.reject(new Error('Amount must be positive.')), {
      onError: (error) => void seen.push(error),
    });
    expect(task.error).toBeUndefined();
    expect(seen).toEqual([new Error('Amount must be positive.')]);
    // Set by the store itself (an event, or a check before the command) and kept by a failure shown elsewhere.
    task.error = 'Pick the call to charge first.';
    await task.run(() => Promise.reject(new Error('y')), { keepError: true, onError: () => undefined });
    expect(task.error).toBe('Pick the call to charge first.');
  });
});
