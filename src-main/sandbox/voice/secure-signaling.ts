import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { WebSocketServer, type WebSocket } from 'ws';
import { browserRefusal, type AllowedOrigins } from '../http';

/** Where the SDK's `chunderw` option can reach the sandbox over TLS, and the certificate to trust for it. */
export interface SecureSignaling {
  /** wss://127.0.0.1:<port>/signal */
  url: string;
  /** The value for the SDK's test-only `chunderw` Device option: `127.0.0.1:<port>`. */
  chunderw: string;
  /** The self-signed certificate (PEM), so the app can trust exactly this one and nothing else. */
  certificatePem: string;
  close(): Promise<void>;
}

const CERTIFICATE_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Callpay sandbox</title>
<h1>This browser now trusts the Callpay sandbox's calling service</h1>
<p>The certificate was made on this computer for this run of Callpay. Close this tab and go back to
Callpay: the phone registers by itself.</p></html>`;

/**
 * A wss listener for the signaling: the SDK's `chunderw` option always builds `wss://<host>/signal`,
 * so a Device that talks to the sandbox directly (not through a test's WebSocket route) needs TLS.
 * The certificate is made fresh for 127.0.0.1 on every start.
 */
export async function startSecureSignaling(
  onSocket: (socket: WebSocket) => void,
  allowedOrigins: AllowedOrigins,
  port = 0,
): Promise<SecureSignaling> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
      { name: 'extKeyUsage', serverAuth: true },
    ],
  });
  // A browser can only accept a self-signed certificate on a page: this is that page.
  const refusal = (request: IncomingMessage) =>
    browserRefusal(request, request.socket.localPort ?? 0, allowedOrigins);
  const server = createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const refused = refusal(request);
    if (refused) return void response.writeHead(refused.status).end(refused.message);
    if (request.method !== 'GET' || request.url !== '/') return void response.writeHead(404).end();
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'",
      })
      .end(CERTIFICATE_PAGE);
  });
  // A refused handshake is answered and its socket destroyed by ws itself.
  const wss = new WebSocketServer({
    server,
    path: '/signal',
    verifyClient: ({ req }, done) => {
      const refused = refusal(req);
      return refused ? done(false, refused.status, refused.message) : done(true);
    },
  });
  wss.on('connection', onSocket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `wss://127.0.0.1:${bound}/signal`,
    chunderw: `127.0.0.1:${bound}`,
    certificatePem: pems.cert,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
