import type { App } from 'electron';

const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

/**
 * Decides whether a certificate Chromium refused may be trusted after all: only for wss:// or
 * https:// on 127.0.0.1, and only when it is exactly the certificate the in-process sandbox made
 * for its signaling (the Voice SDK always speaks TLS to it). Every other error stays an error.
 */
export function sandboxCertificateCheck(sandboxPem: () => Promise<string | undefined>) {
  return async (url: string, certificatePem: string): Promise<boolean> => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.hostname !== '127.0.0.1' || !['wss:', 'https:'].includes(target.protocol)) return false;
    const expected = await sandboxPem().catch(() => undefined);
    return (
      expected !== undefined && pemBody(expected) !== '' && pemBody(expected) === pemBody(certificatePem)
    );
  };
}

/** Installs the check on `certificate-error`; the answer is given once the check has run. */
export function trustSandboxCertificate(
  app: Pick<App, 'on'>,
  check: ReturnType<typeof sandboxCertificateCheck>,
) {
  app.on('certificate-error', (event, _contents, url, _error, certificate, callback) => {
    event.preventDefault();
    void check(url, certificate.data).then(callback, () => callback(false));
  });
}

/** The sandbox signaling certificate, as the sandbox's own control API on loopback reports it. */
export async function fetchSandboxPem(sandboxUrl: string | undefined): Promise<string | undefined> {
  if (!sandboxUrl) return undefined;
  const response = await fetch(`${sandboxUrl}/_sandbox/voice`);
  if (!response.ok) return undefined;
  const body = (await response.json()) as { signaling?: { certificatePem?: unknown } };
  const pem = body.signaling?.certificatePem;
  return typeof pem === 'string' ? pem : undefined;
}
