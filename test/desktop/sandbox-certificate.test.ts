import { createServer, type Server } from 'node:http';
import type { App } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fetchSandboxPem,
  sandboxCertificateCheck,
  trustSandboxCertificate,
} from '../../src-main/electron/sandbox-certificate';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBsandboxcert\nAAAA==\n-----END CERTIFICATE-----\n';
const OTHER = '-----BEGIN CERTIFICATE-----\nMIIBsomeoneelse\nBBBB==\n-----END CERTIFICATE-----\n';
const check = sandboxCertificateCheck(async () => PEM);

let server: Server | undefined;
afterEach(() => server?.close());

describe("trusting the sandbox's signaling certificate", () => {
  it('trusts exactly that certificate on 127.0.0.1, however its PEM is wrapped', async () => {
    await expect(check('wss://127.0.0.1:61234/signal', PEM)).resolves.toBe(true);
    await expect(check('wss://127.0.0.1:61234/signal', PEM.replace(/\n/g, '\r\n'))).resolves.toBe(true);
    await expect(check('https://127.0.0.1:61234/', PEM)).resolves.toBe(true);
  });

  it('refuses any other certificate, even on 127.0.0.1', async () => {
    await expect(check('wss://127.0.0.1:61234/signal', OTHER)).resolves.toBe(false);
  });

  it('refuses the sandbox certificate anywhere but 127.0.0.1', async () => {
    await expect(check('wss://voice-js.roaming.twilio.com/signal', PEM)).resolves.toBe(false);
    await expect(check('wss://localhost:61234/signal', PEM)).resolves.toBe(false);
    await expect(check('wss://127.0.0.1.evil.example/signal', PEM)).resolves.toBe(false);
    await expect(check('not a url', PEM)).resolves.toBe(false);
  });

  it('refuses everything when no sandbox is running or it cannot say', async () => {
    await expect(sandboxCertificateCheck(async () => undefined)('wss://127.0.0.1:1/', PEM)).resolves.toBe(
      false,
    );
    const failing = sandboxCertificateCheck(() => Promise.reject(new Error('down')));
    await expect(failing('wss://127.0.0.1:1/', PEM)).resolves.toBe(false);
    await expect(sandboxCertificateCheck(async () => '')('wss://127.0.0.1:1/', '')).resolves.toBe(false);
  });

  it("answers Chromium's certificate-error with the check's verdict", async () => {
    let listener: ((...args: unknown[]) => void) | undefined;
    const app = { on: (_event: string, l: (...args: unknown[]) => void) => (listener = l) };
    trustSandboxCertificate(app as unknown as Pick<App, 'on'>, check);
    for (const [data, verdict] of [
      [PEM, true],
      [OTHER, false],
    ] as const) {
      const callback = vi.fn();
      const preventDefault = vi.fn();
      listener!(
        { preventDefault },
        {},
        'wss://127.0.0.1:5/signal',
        'net::ERR_CERT_AUTHORITY_INVALID',
        { data },
        callback,
      );
      await vi.waitFor(() => expect(callback).toHaveBeenCalledWith(verdict));
      expect(preventDefault).toHaveBeenCalled();
    }
  });

  it("reads the certificate from the sandbox's control API", async () => {
    server = createServer((request, response) => {
      if (request.url !== '/_sandbox/voice') return void response.writeHead(404).end();
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ signaling: { certificatePem: PEM } }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await expect(fetchSandboxPem(`http://127.0.0.1:${port}`)).resolves.toBe(PEM);
    await expect(fetchSandboxPem(undefined)).resolves.toBeUndefined();
  });
});
