import PStream from '@twilio/voice-sdk/pstream';

/**
 * The Device's private `PStream` option: the SDK's own signaling client, sent to one fixed URL.
 * The SDK builds `wss://<chunderw>/signal` and nothing else; a browser-mode page (http, loopback)
 * can reach the sandbox's plain `ws://127.0.0.1:<port>/signal` instead, with no certificate to accept.
 */
export function loopbackSignaling(url: string): typeof PStream {
  return class LoopbackPStream extends PStream {
    constructor(token: string, _uris: string[], options: object) {
      super(token, [url], options);
    }
    override updatePreferredURI(uri: string | null) {
      super.updatePreferredURI(uri === null ? null : url);
    }
    override updateURIs() {
      super.updateURIs([url]);
    }
  };
}

/** Whether this page may open a plain ws connection (an https page may not: mixed content). */
export function canUsePlainSignaling(): boolean {
  return !window.callpay && window.location.protocol === 'http:';
}
