/** What the team server said to "revoke this device": done (or it refused the device already), or no answer. */
export type RevokeAnswer = 'revoked' | 'unreachable';

/** What Disconnect says when the server could not be told. */
export const REVOKE_UNREACHABLE =
  'Disconnected on this computer, but the team server could not be reached to revoke this device: ' +
  'the server will still list it until an admin revokes it there.';

/** Asks the team server to revoke this device's own credential (`POST /link/revoke`, with that credential). */
export async function revokeOwnDevice(
  serverUrl: string,
  token: string,
  timeoutMs = 5_000,
): Promise<RevokeAnswer> {
  try {
    const response = await fetch(`${serverUrl}/link/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    // 401: the server no longer takes this credential (an admin revoked it already).
    return response.ok || response.status === 401 ? 'revoked' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
