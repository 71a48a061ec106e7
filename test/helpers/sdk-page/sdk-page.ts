import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';

const here = import.meta.dirname;
// The package exports only its modules; its browser bundle sits beside them in dist/.
const sdkDist = join(dirname(createRequire(import.meta.url).resolve('@twilio/voice-sdk')), '..', 'dist');
const FILES: Record<string, [string, string]> = {
  '/': [join(here, 'index.html'), 'text/html'],
  '/phone.js': [join(here, 'phone.js'), 'text/javascript'],
  '/twilio.min.js': [join(sdkDist, 'twilio.min.js'), 'text/javascript'],
};

/** A frame the SDK sent, as JSON. */
export interface SentFrame {
  type: string;
  version: string;
  payload: Record<string, unknown>;
}

/** The test page in a browser, its signaling bridged to the sandbox. */
export interface SdkPage {
  page: Page;
  /** Every JSON frame the SDK sent, in order. */
  sent: SentFrame[];
  /** How many heartbeats (a bare newline) the SDK echoed back. */
  echoes(): number;
  close(): Promise<void>;
}

/**
 * Serves the page with the pinned SDK's own dist build on 127.0.0.1 and opens it. The SDK's signaling
 * (wss://voice-js.roaming.twilio.com/signal) is routed into a real socket to `signalUrl`; every other
 * non-loopback request is aborted so nothing leaves the machine.
 */
export async function openSdkPage(browser: Browser, signalUrl: string | null): Promise<SdkPage> {
  const server = createServer((req, res) => {
    const file = FILES[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] });
    createReadStream(file[0]).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const context = await browser.newContext({ permissions: ['microphone'] });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  const sent: SentFrame[] = [];
  let echoes = 0;
  const sockets: WebSocket[] = [];
  const page = await context.newPage();
  // null: no route; the test points the SDK somewhere itself (chunderw), and `sent` stays empty.
  if (signalUrl !== null) {
    await page.routeWebSocket(/\/signal$/, (route) => {
      const upstream = new WebSocket(signalUrl);
      sockets.push(upstream);
      const early: string[] = [];
      upstream.on('open', () => early.splice(0).forEach((m) => upstream.send(m)));
      upstream.on('message', (data) => route.send(String(data)));
      upstream.on('close', () => route.close());
      route.onMessage((message) => {
        const text = String(message);
        if (text === '\n') echoes++;
        else sent.push(JSON.parse(text) as SentFrame);
        if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
        else early.push(text);
      });
      route.onClose(() => upstream.close());
    });
  }
  await page.goto(pageUrl);
  return {
    page,
    sent,
    echoes: () => echoes,
    async close() {
      sockets.forEach((s) => s.terminate());
      await context.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
