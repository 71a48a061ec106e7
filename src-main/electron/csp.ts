/**
 * The renderer's Content Security Policy. Its widest form is the meta tag in src-renderer/index.html
 * (test/desktop/security-checklist.test.ts holds the tag to `contentSecurityPolicy()`); the desktop
 * also sends it as a header from its app:// handler with connect-src naming only the loopback ports
 * in use, and a browser enforces both, so the narrower one wins.
 */

/** Voice SDK signalling edges (`voice-js.<edge>.twilio.com`, @twilio/voice-sdk regions.ts). */
export const VOICE_EDGES = [
  'roaming',
  'ashburn',
  'dublin',
  'frankfurt',
  'sao-paulo',
  'singapore',
  'sydney',
  'tokyo',
  'umatilla',
];

/** Insights gateways: the global one and the regional ones the SDK switches to by `home` region. */
export const EVENT_GATEWAYS = ['', 'au1', 'br1', 'de1', 'ie1', 'jp1', 'sg1', 'us1', 'us2'];

/** The local receiver: browser mode's console server and the sandbox, always on loopback. */
export const LOCAL_RECEIVER = ['ws://127.0.0.1:*', 'wss://127.0.0.1:*', 'http://127.0.0.1:*'];

/** Where the Voice SDK fetches its ringtones when the app does not supply its own. */
export const TWILIO_SOUNDS = ['https://sdk.twilio.com', 'https://media.twiliocdn.com'];

/** Every directive, in the order the meta tag lists them; `local` replaces the any-port loopback sources. */
export function cspDirectives(local: string[] = LOCAL_RECEIVER): [string, string[]][] {
  const signalling = VOICE_EDGES.map((edge) => `wss://voice-js.${edge}.twilio.com`);
  const insights = EVENT_GATEWAYS.map((r) => `https://eventgw.${r ? `${r}.` : ''}twilio.com`);
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'blob:', 'data:', ...TWILIO_SOUNDS]],
    ['connect-src', ["'self'", ...local, ...signalling, ...insights]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'self'"]],
  ];
}

/** The policy as one string, as it appears in the meta tag (or, with `local`, in the desktop's header). */
export function contentSecurityPolicy(local?: string[]): string {
  return cspDirectives(local)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The desktop's policy: connect-src allows the sandbox's wss signaling (`127.0.0.1:<port>`) when there is one. */
export function desktopContentSecurityPolicy(signaling: string | undefined): string {
  return contentSecurityPolicy(signaling === undefined ? [] : [`wss://${signaling}`]);
}
