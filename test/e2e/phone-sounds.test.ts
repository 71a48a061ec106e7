import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { launchChromium } from '../helpers/chromium';
import { tempDir } from '../helpers/temp-dir';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = await tempDir('e2e-sounds-');
  core = await createCore({ dataDir: join(dir.path, 'data'), version: '0.0.0-test' });
  server = await startWebServer({ host: core.api, rendererDir });
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

interface Decoder {
  decodeAudioData(
    bytes: ArrayBuffer,
  ): Promise<{ duration: number; getChannelData(channel: number): Float32Array }>;
}

/** Decodes one served file with Chromium's own decoder; its peak and RMS level (0..1). */
function decode(page: Page, path: string) {
  return page.evaluate(async (path) => {
    const bytes = await (await fetch(path)).arrayBuffer();
    // The page's own decoder (this file is type-checked without the DOM library).
    const context = new (globalThis as unknown as { AudioContext: new () => Decoder }).AudioContext();
    const audio = await context.decodeAudioData(bytes);
    const samples = audio.getChannelData(0);
    let peak = 0;
    let sum = 0;
    for (const sample of samples) {
      peak = Math.max(peak, Math.abs(sample));
      sum += sample * sample;
    }
    return { seconds: audio.duration, peak, rms: Math.sqrt(sum / samples.length) };
  }, path);
}

describe('the softphone’s bundled sounds', () => {
  it('all 15 decode in Chromium and are audible', async () => {
    await page.goto(server.consoleUrl);
    const files = (await readdir(join(rendererDir, 'assets'))).filter((name) => name.endsWith('.wav'));
    const names = files.map((name) => name.replace(/-[\w-]+\.wav$/, '')).sort();
    expect(names).toEqual(
      ['disconnect', 'incoming', 'outgoing', ...'0123456789hs'.split('').map((key) => `dtmf${key}`)].sort(),
    );
    for (const file of files) {
      const heard = await decode(page, `/assets/${file}`).catch((error: Error) => error.message);
      expect(heard, file).toMatchObject({ seconds: expect.any(Number) });
      const { seconds, peak, rms } = heard as { seconds: number; peak: number; rms: number };
      expect(seconds, file).toBeGreaterThan(0.2);
      // A tone at a quarter of full scale, not silence or a click.
      expect(peak, file).toBeGreaterThan(0.15);
      expect(rms, file).toBeGreaterThan(0.03);
    }
  });
});
