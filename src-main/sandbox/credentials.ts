/** The credentials the sandbox accepts (HTTP Basic: account SID + token, or API key SID + secret). */
export interface SandboxCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
}

/** Fixed sandbox defaults; they only ever open this local emulator, so printing them is fine. */
export const defaultCredentials: SandboxCredentials = {
  accountSid: 'AC5a' + '0'.repeat(27) + '001',
  authToken: 'sandbox0auth0token00000000000000',
  apiKeySid: 'SK5a' + '0'.repeat(27) + '001',
  apiKeySecret: 'sandbox0api0key0secret0000000000',
};

/** Fills the omitted credentials with the defaults and checks the SID shapes. */
export function resolveCredentials(partial: Partial<SandboxCredentials> = {}): SandboxCredentials {
  const creds = { ...defaultCredentials, ...definedOnly(partial) };
  if (!/^AC[0-9a-f]{32}$/i.test(creds.accountSid)) {
    throw new Error('The account SID must be AC followed by 32 hexadecimal characters.');
  }
  if (!/^SK[0-9a-f]{32}$/i.test(creds.apiKeySid)) {
    throw new Error('The API key SID must be SK followed by 32 hexadecimal characters.');
  }
  if (!creds.authToken || !creds.apiKeySecret)
    throw new Error('The auth token and API key secret must not be empty.');
  return creds;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
