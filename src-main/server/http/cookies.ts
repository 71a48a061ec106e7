/** The cookie that carries a browser's device token. */
export const DEVICE_COOKIE = 'callpay_device';

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Set-Cookie for a device token: script cannot read it and no other site's page sends it. */
export function deviceCookie(token: string, secure: boolean): string {
  // 400 days, the longest a browser keeps a cookie; revocation, not expiry, ends a device.
  const parts = [`${DEVICE_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=34560000'];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
