/**
 * The renderer's Content Security Policy. It lives as a meta tag in src-renderer/index.html (the
 * app loads from file://, where no response headers exist); test/desktop/csp.test.ts holds that tag
 * to exactly this policy, in the source and in the built page.
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

/** Every directive, in the order the meta tag lists them. */
export function cspDirectives(): [string, string[]][] {
  const signalling = VOICE_EDGES.map((edge) => `wss://voice-js.${edge}.twilio.com`);
  const insights = EVENT_GATEWAYS.map((r) => `https://eventgw.${r ? `${r}.` : ''}twilio.com`);
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'blob:', 'data:', ...TWILIO_SOUNDS]],
    ['connect-src', ["'self'", ...LOCAL_RECEIVER, ...signalling, ...insights]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'self'"]],
  ];
}

/** The policy as one string, as it appears in the meta tag. */
export function contentSecurityPolicy(): string {
  return cspDirectives()
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
