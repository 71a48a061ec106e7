/** Why Twilio would not register the Device, in words an agent can act on. */
export function registrationReason(
  error: {
    code?: number;
    message?: string;
    originalError?: unknown;
  },
  /** Set in a browser in sandbox mode: where the sandbox's own certificate can be accepted. */
  certificateUrl?: string,
): string {
  if (certificateUrl && signalingUnreachable(error)) return certificateReason(certificateUrl);
  const detail = (error.originalError as { message?: string } | undefined)?.message;
  const why =
    error.code === 20101 || error.code === 31204
      ? 'Twilio refused the access token: the API key or its secret is wrong or was deleted. Save the Account SID and Auth Token again in Settings › Twilio account.'
      : error.code === 20104 || error.code === 31205
        ? 'The access token expired and could not be renewed.'
        : error.code === 31005 || error.code === 53000 || error.code === 31009
          ? "Cannot reach Twilio's calling service; check the network connection."
          : (error.message ?? 'Twilio would not register the phone.');
  return detail && !why.includes(detail) ? `${why} (${detail})` : why;
}

/** Codes for "could not reach the signaling" (a refused certificate looks the same to the SDK). */
const UNREACHABLE = new Set([31005, 31009, 53000]);

/** Whether the Device could not reach the signaling at all. */
export function signalingUnreachable(error: { code?: number }): boolean {
  return UNREACHABLE.has(error.code ?? 0);
}

/** The reason given in a browser whose sandbox certificate has not been accepted yet. */
export function certificateReason(url: string): string {
  return (
    'In a browser, the sandbox’s calling service uses a certificate made on this computer for this run, ' +
    `which the browser does not know yet. Open ${url} once and accept it; the phone then registers by itself.`
  );
}
