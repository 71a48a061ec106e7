import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** The renderer's own origin: a standard, secure custom scheme instead of file:// (checklist item 18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'callpay';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads. */
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** How the scheme is registered before ready: a standard secure origin the Fetch API and modules work on. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.json': 'application/json',
};

/** The file under `root` that an app:// URL names, or undefined for another host or a path leaving root. */
export function rendererFile(root: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  const path = decodeURIComponent(parsed.pathname);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/**
 * Answers one app:// request from the built renderer folder. Documents carry the Content-Security-Policy
 * as a header, built when the page loads, so connect-src names only the loopback ports in use.
 */
export async function serveRenderer(request: Request, root: string, csp: () => string): Promise<Response> {
  const file = rendererFile(root, request.url);
  if (file === undefined || request.method !== 'GET') return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff' };
    if (type.startsWith('text/html')) headers['content-security-policy'] = csp();
    return new Response(body, { status: 200, headers });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
