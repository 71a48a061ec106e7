import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fitToDisplays,
  loadBounds,
  parseBounds,
  rememberBounds,
  saveBounds,
} from '../../src-main/electron/window-state';
import { tempDir } from '../helpers/temp-dir';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1400 };
const saved = { x: 100, y: 80, width: 1280, height: 760, maximized: false };

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
  vi.useRealTimers();
});

describe('reading saved window bounds', () => {
  it('accepts a well-formed file', () => {
    expect(parseBounds(JSON.stringify(saved))).toEqual(saved);
    expect(parseBounds('{"x":1,"y":2,"width":1000,"height":700}')).toEqual({
      x: 1,
      y: 2,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it.each([
    '',
    'not json',
    '[]',
    '{"x":1}',
    '{"x":1.5,"y":0,"width":900,"height":700}',
    '{"x":0,"y":0,"width":10,"height":700}',
  ])('treats %j as no saved bounds', (text) => {
    expect(parseBounds(text)).toBeUndefined();
  });
});

describe('keeping the window on a display', () => {
  it('keeps bounds that lie on a display', () => {
    expect(fitToDisplays(saved, [laptop])).toEqual(saved);
  });

  it('drops bounds on a monitor that has been unplugged', () => {
    const onMonitor = { ...saved, x: 2000 };
    expect(fitToDisplays(onMonitor, [laptop, monitorRight])).toEqual(onMonitor);
    expect(fitToDisplays(onMonitor, [laptop])).toBeUndefined();
  });

  it('drops bounds whose title bar is above every display, where it could not be dragged', () => {
    expect(fitToDisplays({ ...saved, y: -40 }, [laptop])).toBeUndefined();
  });

  it('shrinks and moves a window larger than its display back inside it', () => {
    const big = { ...saved, x: 1300, y: 10, width: 3000, height: 2000 };
    expect(fitToDisplays(big, [laptop, monitorRight])).toEqual({
      ...big,
      x: 1440,
      y: 0,
      width: 2560,
      height: 1400,
    });
  });
});

describe('the window-state file', () => {
  it('round-trips bounds and reads a corrupt or missing file as none', async () => {
    const dir = await tempDir('window-');
    cleanup = dir.cleanup;
    const file = join(dir.path, 'window-state.json');
    await expect(loadBounds(file, [laptop])).resolves.toBeUndefined();
    await saveBounds(file, saved);
    await expect(loadBounds(file, [laptop])).resolves.toEqual(saved);
    await writeFile(file, '{"x": "left"}');
    await expect(loadBounds(file, [laptop])).resolves.toBeUndefined();
  });

  it('saves a moment after the window moves, and at once when it closes', async () => {
    const dir = await tempDir('window-');
    cleanup = dir.cleanup;
    const file = join(dir.path, 'window-state.json');
    const listeners = new Map<string, () => void>();
    const window = {
      getNormalBounds: () => ({ x: 10.4, y: 20, width: 1000, height: 700 }),
      isMaximized: () => true,
      isDestroyed: () => false,
      on: (event: string, listener: () => void) => listeners.set(event, listener),
    };
    rememberBounds(window, file, 20);
    listeners.get('move')!();
    await vi.waitFor(async () =>
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
        x: 10,
        y: 20,
        width: 1000,
        height: 700,
        maximized: true,
      }),
    );
    window.getNormalBounds = () => ({ x: 50, y: 60, width: 1100, height: 720 });
    listeners.get('close')!();
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ x: 50 }));
  });
});
