import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src-main/core/compose';
import { startWebServer, type WebServer } from '../../src-main/web/server';
import { browserSecretStore } from '../../src-main/core/settings/secret-store';
import { openConsole } from '../helpers/chromium';
import { tempDir } from '../helpers/temp-dir';
import { ConsolePage } from './console-page';
import { PhonePage } from './phone-page';

const rendererDir = resolve(import.meta.dirname, '../../out/renderer');

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let server: WebServer;
let browser: Browser;
let ui: ConsolePage;
/** Every REST request the sandbox (Twilio) received: method and route (not the Voice SDK's signaling socket). */
const rest: string[] = [];
/** Every AppApi command the console sent. */
const commands: string[] = [];

beforeAll(async () => {
  dir = await tempDir('e2e-no-polling-');
  const dataDir = join(dir.path, 'data');
  core = await createCore({
    dataDir,
    version: '0.0.0-test',
    secrets: browserSecretStore(dataDir),
    sandbox: {
      allowedOrigins: () => server?.origins ?? [],
      log: (event, fields) => {
        const route = String(fields?.route);
        if (event === 'sandbox.request' && route !== '/signal')
          rest.push(`${String(fields?.method)} ${route}`);
      },
    },
  });
  const dispatch = core.api.dispatch.bind(core.api);
  core.api.dispatch = (name, args) => {
    commands.push(String(name));
    return dispatch(name, args);
  };
  server = await startWebServer({ host: core.api, rendererDir });
  const opened = await openConsole(server.consoleUrl, ['--ignore-certificate-errors']);
  browser = opened.browser;
  ui = new ConsolePage(opened.page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await core?.stop();
  await dir?.cleanup();
});

const callsListed = () => rest.filter((r) => r.startsWith('GET ') && r.endsWith('/Calls.json')).length;

describe('the console while nothing changes', () => {
  it('asks Twilio for nothing while idle on a call, and follows the call ending without asking', async () => {
    // The softphone's registration (a token, its reports) is done before anything counts as idle.
    await new PhonePage(ui.page, () => core.sandbox()!).registered();
    // The start form is open and the list of calls to charge was fetched once on opening.
    await expect.poll(callsListed).toBeGreaterThan(0);
    await ui.customerOnCall();
    const sid = await ui.sandbox.getByTestId('customer-call').textContent();

    // Idle for longer than the old timers' periods (3 s and 1.5 s) several times over.
    const rested = rest.length;
    const sent = commands.length;
    await ui.page.waitForTimeout(8000);
    expect(rest.slice(rested)).toEqual([]);
    expect(commands.slice(sent)).toEqual([]);

    // The call ends on the other side: the customer panel and the list follow from the core's events.
    core.sandbox()!.control.hangup(sid!);
    await ui.sandbox.getByRole('button', { name: 'Call in as a customer' }).waitFor();
    expect(await ui.sandbox.textContent()).toMatch(/The call has ended/);
    await expect.poll(() => ui.payment.getByLabel('Call to charge').inputValue()).toBe('');
    expect(await ui.payment.getByLabel('Call to charge').textContent()).toMatch(/No call in progress/);
    expect(commands.slice(sent)).toEqual([]);
    expect(rest.slice(rested).filter((r) => r.startsWith('GET '))).toEqual([]);
  });

  it('lists the account’s calls again when the agent asks (Refresh calls)', async () => {
    const before = callsListed();
    await ui.payment.getByRole('button', { name: 'Refresh calls' }).click();
    await expect.poll(callsListed).toBe(before + 1);
  });
});
