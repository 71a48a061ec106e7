import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX_SIZES, renderIcons, TRAY_STATES } from '../../build/generate-icons.mjs';
import { ROOT } from './built-app';

const committed = (name: string) => readFileSync(join(ROOT, 'build', name));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer) {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the icon set', () => {
  const generated = renderIcons();

  it('is exactly what build/icon.svg renders to, so the committed files match the one source', () => {
    for (const [name, bytes] of generated) {
      expect(committed(name).equals(bytes), `${name} is stale: run node build/generate-icons.mjs`).toBe(true);
    }
  });

  it('has a 1024 px master, an ICNS for macOS and an ICO for Windows', () => {
    expect(pngSize(committed('icon.png'))).toEqual({ width: 1024, height: 1024 });
    expect(committed('icon.icns').subarray(0, 4).toString('latin1')).toBe('icns');
    const ico = committed('icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5);
  });

  it('has every Linux size electron-builder picks up from build/icons', () => {
    for (const size of LINUX_SIZES) {
      expect(pngSize(committed(`icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('has a distinct tray icon for each state', () => {
    const trays = Object.keys(TRAY_STATES).map((state) => committed(`tray/tray-${state}.png`));
    for (const png of trays) expect(pngSize(png)).toEqual({ width: 32, height: 32 });
    expect(new Set(trays.map((png) => png.toString('base64'))).size).toBe(trays.length);
  });
});
