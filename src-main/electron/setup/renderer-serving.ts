import { BrowserWindow, protocol } from 'electron';
import type { ApiHost } from '../../core/api/host';
import { desktopContentSecurityPolicy } from '../csp';
import { APP_SCHEME, serveRenderer } from '../renderer-protocol';
import { RENDERER_DIR } from '../windows';

/**
 * Serves the built renderer on app://callpay/ (so the file-privileges fuse can stay off), its CSP
 * naming the sandbox signaling port in use; the page reloads when that port moves (a mode switch,
 * or a team server's sandbox learnt from its token).
 */
export function setupRendererProtocol(api: ApiHost, signaling: () => string | undefined) {
  protocol.handle(APP_SCHEME, (request) =>
    serveRenderer(request, RENDERER_DIR, () => desktopContentSecurityPolicy(signaling())),
  );
  let served = signaling();
  api.subscribe((name) => {
    if ((name !== 'app.status' && name !== 'team.link') || signaling() === served) return;
    served = signaling();
    for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
  });
}
