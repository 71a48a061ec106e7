import type { PermissionCheckHandlerHandlerDetails, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  permissionCheckHandler,
  permissionRequestHandler,
  setupPermissions,
  type PermissionSession,
} from '../../src-main/electron/permissions';
import { isAppDocument } from '../../src-main/electron/ipc';

const APP = 'file:///opt/Callpay/resources/app.asar/out/renderer/index.html';
const appUrl = () => APP;
const contents = (url: string) => ({ getURL: () => url }) as unknown as WebContents;

function request(
  permission: string,
  details: { mediaTypes?: string[]; requestingUrl?: string; isMainFrame?: boolean },
  pageUrl = APP,
) {
  const handler = permissionRequestHandler(appUrl);
  const callback = vi.fn();
  const full = { isMainFrame: true, requestingUrl: pageUrl, ...details };
  (handler as (...args: unknown[]) => void)(contents(pageUrl), permission, callback, full);
  expect(callback).toHaveBeenCalledTimes(1);
  return callback.mock.calls[0]![0] as boolean;
}

function check(
  permission: string,
  details: Partial<PermissionCheckHandlerHandlerDetails>,
  page?: string | null,
) {
  const handler = permissionCheckHandler(appUrl);
  const web = page === null ? null : contents(page ?? APP);
  return (handler as (...args: unknown[]) => boolean)(web, permission, 'file://', {
    isMainFrame: true,
    ...details,
  });
}

describe('permission requests', () => {
  it("grants the microphone to the app's own page", () => {
    expect(request('media', { mediaTypes: ['audio'] })).toBe(true);
  });

  it('refuses the camera, alone or asked for with the microphone', () => {
    expect(request('media', { mediaTypes: ['video'] })).toBe(false);
    expect(request('media', { mediaTypes: ['audio', 'video'] })).toBe(false);
  });

  it('refuses a media request that names no device', () => {
    expect(request('media', { mediaTypes: [] })).toBe(false);
    expect(request('media', {})).toBe(false);
  });

  it.each(['notifications', 'geolocation', 'clipboard-read', 'display-capture', 'openExternal', 'midiSysex'])(
    'refuses %s even to the app itself',
    (permission) => {
      expect(request(permission, { mediaTypes: ['audio'] })).toBe(false);
    },
  );

  it('refuses the microphone to any other page or to a sub-frame', () => {
    expect(request('media', { mediaTypes: ['audio'] }, 'https://evil.example/')).toBe(false);
    expect(request('media', { mediaTypes: ['audio'] }, 'file:///tmp/other.html')).toBe(false);
    expect(request('media', { mediaTypes: ['audio'], requestingUrl: 'data:text/html,hi' })).toBe(false);
    expect(request('media', { mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
  });
});

describe('permission checks', () => {
  it('allows the first media check, which comes before the page names a device', () => {
    expect(check('media', { requestingUrl: APP })).toBe(true);
    expect(check('media', { requestingUrl: APP, mediaType: 'unknown' })).toBe(true);
    expect(check('media', { requestingUrl: APP, mediaType: 'audio' })).toBe(true);
  });

  it('falls back to the web contents URL when the check carries none', () => {
    expect(check('media', { mediaType: 'audio' })).toBe(true);
    expect(check('media', { mediaType: 'audio' }, null)).toBe(false);
  });

  it('refuses video, other permissions, other pages and sub-frames', () => {
    expect(check('media', { requestingUrl: APP, mediaType: 'video' })).toBe(false);
    expect(check('notifications', { requestingUrl: APP })).toBe(false);
    expect(check('media', { requestingUrl: 'https://evil.example/', mediaType: 'audio' })).toBe(false);
    expect(check('media', { requestingUrl: APP, mediaType: 'audio', isMainFrame: false })).toBe(false);
  });
});

describe('setting up permissions', () => {
  it('installs request and check handlers and refuses every USB, HID or serial device', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    setupPermissions(session as unknown as PermissionSession, appUrl);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(expect.any(Function));
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(expect.any(Function));
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (d: unknown) => boolean;
    expect(device({ deviceType: 'usb', origin: 'file://' })).toBe(false);
  });
});

describe("the app's own document", () => {
  it('is the same file whatever its query or hash, or the dev server origin', () => {
    expect(isAppDocument(`${APP}#/payments`, APP)).toBe(true);
    expect(isAppDocument('http://localhost:5173/settings', 'http://localhost:5173/')).toBe(true);
    expect(isAppDocument('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('is never a data:, blob: or about: page, whose origin is as opaque as a file one', () => {
    expect(isAppDocument('data:text/html,<script>1</script>', APP)).toBe(false);
    expect(isAppDocument('about:blank', APP)).toBe(false);
    expect(isAppDocument('not a url', APP)).toBe(false);
  });
});
