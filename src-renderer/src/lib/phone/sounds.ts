/// <reference types="vite/client" />

// Bundled with the app: the SDK would otherwise fetch its sounds from Twilio's CDN.
// `no-inline` keeps them files served from 'self' (the SDK loads them with XHR, and the CSP
// allows connect-src 'self' but not data: URLs).
const files = import.meta.glob('./sounds/*.wav', {
  eager: true,
  query: '?url&no-inline',
  import: 'default',
}) as Record<string, string>;

const url = (name: string) => files[`./sounds/${name}.wav`];

/** The Device's `sounds` option: every sound the SDK plays, from the app's own files. */
export function bundledSounds(): Record<string, string> {
  const sounds: Record<string, string> = {
    incoming: url('incoming')!,
    outgoing: url('outgoing')!,
    disconnect: url('disconnect')!,
  };
  for (const key of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 's', 'h'])
    sounds[`dtmf${key}`] = url(`dtmf${key}`)!;
  return sounds;
}
