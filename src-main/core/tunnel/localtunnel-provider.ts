import type { EventEmitter } from 'node:events';
import LocaltunnelClient from 'localtunnel/lib/Tunnel.js';
import type { OpenedTunnel, TunnelProvider } from './types';

interface LtTunnel extends EventEmitter {
  opts: { host: string; subdomain?: string };
  url: string;
  closed: boolean;
  open(cb: (err?: Error) => void): void;
  close(): void;
  _getInfo(body: unknown): unknown;
}
type LtTunnelClass = new (opts: Record<string, unknown>) => LtTunnel;

// The localtunnel client class itself: its stock handshake retries forever, even after close(),
// so an unreachable server would hang start-up and leak a timer (reference §4.1). We keep the
// client's socket handling and replace only that handshake with one that gives up. Imported, not
// required, so the desktop bundle carries it with axios left out (electron.vite.config.ts).
const Tunnel = LocaltunnelClient as LtTunnelClass;

class BoundedTunnel extends Tunnel {
  constructor(
    opts: Record<string, unknown>,
    private readonly timeoutMs: number,
  ) {
    super(opts);
  }

  _init(cb: (err: Error | null, info?: unknown) => void): void {
    const uri = `${this.opts.host}/${this.opts.subdomain ?? '?new'}`;
    fetch(uri, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } })
      .then(async (res) => {
        if (res.status !== 200) throw new Error(`The tunnel server answered ${res.status}.`);
        cb(null, this._getInfo(await res.json()));
      })
      .catch((error: unknown) => cb(error instanceof Error ? error : new Error(String(error))));
  }
}

export interface LocaltunnelOptions {
  /** The localtunnel server, default https://localtunnel.me. */
  host?: string;
  subdomain?: string;
  handshakeTimeoutMs?: number;
}

/** The localtunnel client: opens a public URL that pipes to the receiver on 127.0.0.1. */
export function localtunnelProvider(options: LocaltunnelOptions = {}): TunnelProvider {
  return {
    name: 'localtunnel',
    open: (localPort) =>
      new Promise<OpenedTunnel>((resolve, reject) => {
        const client = new BoundedTunnel(
          {
            port: localPort,
            host: options.host ?? 'https://localtunnel.me',
            subdomain: options.subdomain,
            local_host: '127.0.0.1',
          },
          options.handshakeTimeoutMs ?? 10_000,
        );
        let failed: ((reason: string) => void) | undefined;
        let done = false;
        const fail = (reason: string) => {
          if (done) return;
          done = true;
          client.close();
          failed?.(reason);
        };
        // An unhandled 'error' would crash the process (reference §4.1): always listen.
        client.on('error', (error: Error) => fail(error.message));
        client.open((error) => {
          if (error) {
            done = true;
            client.close();
            reject(error);
            return;
          }
          resolve({
            url: client.url.replace(/\/+$/, ''),
            close: () => {
              done = true;
              client.close();
            },
            onFailure: (listener) => {
              failed = listener;
            },
          });
        });
      }),
  };
}
