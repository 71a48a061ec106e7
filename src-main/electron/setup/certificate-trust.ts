import { app } from 'electron';
import { fetchSandboxPem, sandboxCertificateCheck, trustSandboxCertificate } from '../sandbox-certificate';

/** Trusts the sandbox's own signaling certificate on 127.0.0.1, and nothing else. */
export function setupSandboxCertificate(sandboxUrl: () => string | undefined) {
  trustSandboxCertificate(
    app,
    sandboxCertificateCheck(() => fetchSandboxPem(sandboxUrl())),
  );
}
