import { app, protocol } from 'electron';
import { APP_SCHEME_PRIVILEGES } from '../renderer-protocol';

/** Before ready: the app:// scheme the renderer is served from, and the sandbox for every renderer. */
export function setupBeforeReady() {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}
