import { app, session, shell } from 'electron';
import { lockNavigation } from '../navigation';
import { setupPermissions } from '../permissions';
import { rendererUrl } from '../windows';

/** Navigation locked for every web contents; only the microphone, only for the app's own page. */
export function setupSecurity() {
  app.on('web-contents-created', (_event, contents) =>
    // lockNavigation passes only URLs isAllowedExternal accepted; reviewed in test/desktop/electronegativity.mjs.
    lockNavigation(contents, (url) => shell.openExternal(url)),
  );
  setupPermissions(session.defaultSession, rendererUrl);
}
