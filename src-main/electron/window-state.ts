import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { BrowserWindow, Rectangle } from 'electron';

const Int = z.number().int().min(-100_000).max(100_000);

/** The window's size and position as kept in window-state.json. */
export const WindowBounds = z.object({
  x: Int,
  y: Int,
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(150).max(100_000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

/** The least of the window that must lie on a display for it to count as reachable. */
const GRIP = { width: 120, height: 60 };

/** Reads saved bounds; anything missing, unreadable or out of range reads as "no saved bounds". */
export function parseBounds(text: string): WindowBounds | undefined {
  try {
    const result = WindowBounds.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

function overlap(a: Rectangle, b: Rectangle) {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Keeps saved bounds only if enough of the window's top lands on a display that is still there
 * (a monitor may have been unplugged), shrunk to fit that display's work area.
 */
export function fitToDisplays(bounds: WindowBounds, workAreas: Rectangle[]): WindowBounds | undefined {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRIP.height };
  // The display holding most of the title bar, if enough of it is there to grab.
  const candidates = workAreas
    .map((work) => ({ work, o: overlap(titleBar, work) }))
    .filter(({ work, o }) => o.width >= GRIP.width && o.height >= GRIP.height / 2 && bounds.y >= work.y)
    .sort((a, b) => b.o.width * b.o.height - a.o.width * a.o.height);
  const area = candidates[0]?.work;
  if (!area) return undefined;
  const width = Math.min(bounds.width, area.width);
  const height = Math.min(bounds.height, area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { ...bounds, x, y, width, height };
}

/** Saved bounds that fit the current displays, or undefined to let the window centre itself. */
export async function loadBounds(file: string, workAreas: Rectangle[]): Promise<WindowBounds | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const saved = text === undefined ? undefined : parseBounds(text);
  return saved && fitToDisplays(saved, workAreas);
}

export async function saveBounds(file: string, bounds: WindowBounds) {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(WindowBounds.parse(bounds))}\n`);
  await rename(tmp, file);
}

type WindowLike = Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized' | 'isDestroyed'> & {
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
};

/** Saves the window's bounds a moment after it moves or resizes, and when it closes. */
export function rememberBounds(window: WindowLike, file: string, delayMs = 500) {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    const { x, y, width, height } = window.getNormalBounds();
    const round = Math.round;
    const bounds = { x: round(x), y: round(y), width: round(width), height: round(height) };
    // Losing a window position is harmless; it must never disturb a call.
    void saveBounds(file, { ...bounds, maximized: window.isMaximized() }).catch(() => {});
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', save);
}
