import type { PermissionCheckHandlerHandlerDetails, Session, WebContents } from 'electron';
import { isAppDocument } from './ipc';

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {};
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {};
type RequestDetails = Parameters<RequestHandler>[3];

/** The slice of Session the permission handlers are installed on. */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * Grants a permission request only for the microphone (`media` asking for audio and nothing else),
 * only from the main frame of the app's own document. Camera, screen, notifications, everything
 * else: denied.
 */
export function permissionRequestHandler(appUrl: () => string): RequestHandler {
  return (contents: WebContents, permission: string, callback: (granted: boolean) => void, details) => {
    const mediaTypes = (details as RequestDetails & { mediaTypes?: string[] }).mediaTypes ?? [];
    const audioOnly = mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');
    const url = details.requestingUrl || contents.getURL();
    callback(permission === 'media' && audioOnly && details.isMainFrame && isAppDocument(url, appUrl()));
  };
}

/**
 * Answers Chromium's synchronous permission checks the same way. The first `media` check comes
 * before the page has said which device it wants, so a missing or `unknown` media type is allowed
 * here; the request handler above still refuses anything but audio.
 */
export function permissionCheckHandler(appUrl: () => string): CheckHandler {
  return (contents, permission, _origin, details: PermissionCheckHandlerHandlerDetails) => {
    if (permission !== 'media' || !details.isMainFrame) return false;
    if (details.mediaType === 'video') return false;
    const url = details.requestingUrl ?? contents?.getURL() ?? '';
    return isAppDocument(url, appUrl());
  };
}

/** Installs the handlers on a session; USB, HID and serial devices are never granted. */
export function setupPermissions(session: PermissionSession, appUrl: () => string) {
  session.setPermissionRequestHandler(permissionRequestHandler(appUrl));
  session.setPermissionCheckHandler(permissionCheckHandler(appUrl));
  session.setDevicePermissionHandler(() => false);
}
