import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Finds Debian's Chromium, or the one named by CHROMIUM_PATH. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error('Chromium not found: install Debian chromium or set CHROMIUM_PATH.');
  return found;
}

/**
 * Launches headless Chromium with nothing that phones home; fake media for WebRTC tests. With
 * `microphone: 'ask'` there is no auto-accepting permission prompt, so a page the microphone was not
 * granted to is refused it, as when a user clicks "Block".
 */
export function launchChromium(
  extraArgs: string[] = [],
  options: { microphone?: 'auto' | 'ask' } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...(options.microphone === 'ask' ? [] : ['--use-fake-ui-for-media-stream']),
      '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
}

/**
 * Chromium with a 1280×900 page on the console URL, the microphone granted (or blocked), and every request
 * off loopback refused; resolves once the console shows Sandbox mode.
 */
export async function openConsole(
  consoleUrl: string,
  extraArgs: string[] = [],
  options: { microphone?: 'granted' | 'blocked' } = {},
) {
  const blocked = options.microphone === 'blocked';
  const browser = await launchChromium(extraArgs, { microphone: blocked ? 'ask' : 'auto' });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    permissions: blocked ? [] : ['microphone'],
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(consoleUrl);
  await page.getByTestId('mode').getByText('Sandbox').waitFor();
  return { browser, context, page };
}
