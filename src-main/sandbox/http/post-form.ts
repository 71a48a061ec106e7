import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Kept-alive connections, one pool per scheme (a tunnel's public URL is https). An idle one is let
// go after 4 s, before a Node server's own 5 s would close it: a callback sent on a connection the
// receiver is closing just then would fail (fetch's undici stays under the server's limit alike).
const IDLE_MS = 4_000;
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_MS }),
};

/**
 * POSTs `body` to `url` and resolves to the answer's status and text once it is read; rejects with a
 * `TimeoutError` when the whole exchange takes longer than `timeoutMs`.
 *
 * Not `fetch`: undici's Request keeps its abort signal through a WeakRef, which V8's minor
 * collections keep alive, so each request outlives two of them and is promoted (about 30 KB). At a
 * few callbacks a second that is nothing; at the hundreds a second of a busy account's rehearsal it
 * grew the heap by megabytes between collections, and the collections' pauses stalled the receiver
 * on the same cores.
 */
export function postForm(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.once('error', fail);
      },
    );
    const timer = setTimeout(() => {
      const error = new Error(`No answer from ${target.origin} within ${timeoutMs} ms.`);
      error.name = 'TimeoutError';
      request.destroy(error);
    }, timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    request.once('error', fail);
    request.end(body);
  });
}
