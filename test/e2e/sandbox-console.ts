import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { createCore, type Core } from '../../src-main/core/compose';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { launchChromium } from '../helpers/chromium';
import { tempDir } from '../helpers/temp-dir';
import { ConsolePage } from './console-page';

const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');

/** A core in sandbox mode, browser mode serving the built console, and the console open in Chromium. */
export interface SandboxConsole {
  /** A folder of the run's own, beside the data directory (for downloads). */
  folder: string;
  core: Core;
  server: WebServer;
  browser: Browser;
  ui: ConsolePage;
  close(): Promise<void>;
}

export interface SandboxConsoleOptions {
  /** The temp folder's prefix, e.g. 'e2e-payments-'. */
  name: string;
  viewport?: { width: number; height: number };
  /** Lets the page read and write the clipboard (Copy buttons). */
  clipboard?: boolean;
}

/**
 * Starts what a browser-mode user has after `npm run web`, in sandbox mode: the console shows
 * Sandbox, and the console page keys digits only once Twilio has taken each capture request.
 */
export async function startSandboxConsole(options: SandboxConsoleOptions): Promise<SandboxConsole> {
  const dir = await tempDir(options.name);
  const dataDir = join(dir.path, 'data');
  const core = await createCore({ dataDir, version: '0.0.0-test', secrets: browserSecretStore(dataDir) });
  const server = await startWebServer({ host: core.api, rendererDir: RENDERER_DIR });
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 720 },
    acceptDownloads: true,
  });
  if (options.clipboard)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: `http://127.0.0.1:${server.port}`,
    });
  const ui = new ConsolePage(
    await context.newPage(),
    () => core.payments.list()[0]?.pendingWrite === undefined,
  );
  await ui.page.goto(server.consoleUrl);
  await ui.page.getByTestId('mode').getByText('Sandbox').waitFor();
  return {
    folder: dir.path,
    core,
    server,
    browser,
    ui,
    close: async () => {
      await browser.close();
      await server.close();
      await core.stop();
      await dir.cleanup();
    },
  };
}
