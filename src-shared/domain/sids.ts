import { z } from 'zod';

/** A Twilio SID schema: two-letter prefix and 32 lowercase hex digits. */
export function sid(prefix: string, what: string) {
  return z
    .string()
    .regex(
      new RegExp(`^${prefix}[0-9a-f]{32}$`),
      `${what} must start with ${prefix} followed by 32 hexadecimal characters.`,
    );
}

export const AccountSid = sid('AC', 'An Account SID');
export const ApiKeySid = sid('SK', 'An API key SID');
export const AppSid = sid('AP', 'A TwiML App SID');
export const CallSid = sid('CA', 'A Call SID');
export const PaymentSid = sid('PK', 'A payment SID');

/** A phone number in E.164 form, such as +14155550100. */
export const E164 = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'A phone number must be in international form, such as +14155550100.');

/** A Pay Connector's unique name, as set in Twilio's console. */
export const PaymentConnectorName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'The connector name may use letters, digits, - and _ (up to 64).');
