import type { AppStatus } from '@shared/api';
import type { Core } from './compose';

/**
 * Prints the lines people and scripts look for (mode, where Twilio's callbacks land, the sandbox,
 * the public URL), and a new line whenever the public URL changes. Returns the unsubscribe.
 */
export function printUrls(core: Core, write: (line: string) => void = console.log): () => void {
  const status = core.status();
  write(`mode: ${status.mode}`);
  write(`webhooks: ${status.urls.webhooks}`);
  if (status.urls.sandbox) write(`sandbox: ${status.urls.sandbox}`);
  if (status.mode === 'live') write(publicLine(status));
  let printed = status.urls.publicUrl;
  return core.api.subscribe((name, payload) => {
    if (name !== 'app.status') return;
    const next = payload as AppStatus;
    if (next.urls.publicUrl === printed) return;
    printed = next.urls.publicUrl;
    write(publicLine(next));
  });
}

const publicLine = (status: AppStatus) =>
  status.urls.publicUrl ? `public: ${status.urls.publicUrl}` : `tunnel: ${status.health.tunnel.detail}`;
