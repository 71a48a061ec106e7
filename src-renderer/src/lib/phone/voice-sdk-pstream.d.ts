// The Voice SDK's signaling client (esm/twilio/pstream.js), reached through a bundler alias.
declare module '@twilio/voice-sdk/pstream' {
  /** The SDK's signaling stream over one WebSocket; the Device's private `PStream` option swaps it. */
  export default class PStream {
    constructor(token: string, uris: string[], options: object);
    updatePreferredURI(uri: string | null): void;
    updateURIs(uris: string[]): void;
  }
}
