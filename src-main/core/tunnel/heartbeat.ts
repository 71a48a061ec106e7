/** Asks the receiver's health route through the public side; true when our own receiver answers. */
export type Probe = (publicUrl: string) => Promise<boolean>;

/** The default probe: GET {public}/health, expecting this run's instance id back. */
export function healthProbe(instanceId: string, timeoutMs = 5_000): Probe {
  return async (publicUrl) => {
    try {
      const res = await fetch(`${publicUrl}/health`, {
        // The hosted localtunnel shows a reminder page to browsers unless asked not to.
        headers: { 'bypass-tunnel-reminder': 'callpay', 'user-agent': 'Callpay-heartbeat' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status !== 200) return false;
      const body = (await res.json()) as { ok?: unknown; instance?: unknown };
      return body.ok === true && body.instance === instanceId;
    } catch {
      return false;
    }
  };
}
