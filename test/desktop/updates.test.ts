import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startUpdates, updatePrompt, updatesEnabled, type Updater } from '../../src-main/electron/updates';

function fakeUpdater() {
  const emitter = new EventEmitter();
  const updater = Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    checkForUpdates: vi.fn(async () => null),
    quitAndInstall: vi.fn(),
  });
  return updater as typeof updater & Updater;
}

function deps(updater: Updater, { busy = false, answer = true } = {}) {
  return {
    updater,
    busy: () => busy,
    prompt: vi.fn(async () => answer),
    ready: vi.fn(),
    log: vi.fn(),
  };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('when updates run', () => {
  it('runs only in a packaged app that is not a sandbox-only build', () => {
    expect(updatesEnabled({ packaged: true, sandboxOnly: false }).enabled).toBe(true);
    expect(updatesEnabled({ packaged: true, sandboxOnly: true })).toEqual({
      enabled: false,
      reason: 'sandbox-only builds are never updated',
    });
    expect(updatesEnabled({ packaged: false, sandboxOnly: false }).enabled).toBe(false);
  });
});

describe('background updates', () => {
  it('checks the feed at once, downloads in the background and installs on quit', () => {
    const updater = fakeUpdater();
    stop = startUpdates(deps(updater)).stop;
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('asks "Restart to update" when an update is ready, and restarts on yes', async () => {
    const updater = fakeUpdater();
    const d = deps(updater, { answer: true });
    stop = startUpdates(d).stop;
    updater.emit('update-downloaded', { version: '1.2.0' });
    expect(d.ready).toHaveBeenCalledWith('1.2.0');
    expect(d.prompt).toHaveBeenCalledWith('1.2.0');
    await vi.waitFor(() => expect(updater.quitAndInstall).toHaveBeenCalled());
  });

  it('leaves the update for later when the agent says no', async () => {
    const updater = fakeUpdater();
    const d = deps(updater, { answer: false });
    stop = startUpdates(d).stop;
    updater.emit('update-downloaded', { version: '1.2.0' });
    await Promise.resolve();
    await Promise.resolve();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('never interrupts a call or a payment with the prompt, but still marks the update ready', () => {
    const updater = fakeUpdater();
    const d = deps(updater, { busy: true });
    stop = startUpdates(d).stop;
    updater.emit('update-downloaded', { version: '1.2.0' });
    expect(d.ready).toHaveBeenCalledWith('1.2.0');
    expect(d.prompt).not.toHaveBeenCalled();
  });

  it('logs a failed check instead of troubling the agent', async () => {
    const updater = fakeUpdater();
    updater.checkForUpdates.mockRejectedValueOnce(new Error('offline'));
    const d = deps(updater);
    stop = startUpdates(d).stop;
    updater.emit('error', new Error('feed unreachable'));
    await vi.waitFor(() => expect(d.log).toHaveBeenCalledWith('offline'));
    expect(d.log).toHaveBeenCalledWith('update check failed: feed unreachable');
  });

  it('checks again on its interval', () => {
    vi.useFakeTimers();
    try {
      const updater = fakeUpdater();
      stop = startUpdates(deps(updater), 1000).stop;
      vi.advanceTimersByTime(3000);
      expect(updater.checkForUpdates).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts "Restart to update" first in the prompt', () => {
    expect(updatePrompt('1.2.0').buttons[0]).toBe('Restart to update');
  });
});
