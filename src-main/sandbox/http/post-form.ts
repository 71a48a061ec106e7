import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Kept-alive connections, one pool per scheme (a tunnel's public URL is https). An idle one is let
// go after 4 s, before a Node server's own 5 s would close it: a callback sent on a connection the
// receiver is closing just then would fail (fetch's undici stays under the server's limit alike).
const IDLE_MS = 4_000;
const httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_MS });
const httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_MS });

/**
 * POSTs `body` to `url` and resolves to the answer's status and text once it is read; rejects with a
 * `TimeoutError` when the whole exchange takes longer than `timeoutMs`.
 *
 * Not `fetch`: measured, each of its requests (undici's Request with its abort signal, held through
 * a WeakRef and a FinalizationRegistry) outlived V8's minor collections and was promoted, about
 * 30 KB. At a few callbacks a second that is nothing; at the hundreds a second of a busy rehearsal
 * it grew the heap by megabytes between collections, whose pauses stalled the core on the same
 * cores (the bench's `concurrentP99Ms`).
 */
export function postForm(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const agent = secure ? httpsAgent : httpAgent;
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
