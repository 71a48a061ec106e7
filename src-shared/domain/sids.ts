import { z } from 'zod';

/** The shape of a Twilio SID: its prefix (or alternatives, "SM|MM") and 32 lowercase hex digits. */
export const sidPattern = (prefix: string) => new RegExp(`^(?:${prefix})[0-9a-f]{32}$`);

/** A Twilio SID schema: two-letter prefix and 32 lowercase hex digits. */
export function sid(prefix: string, what: string) {
  return z
    .string()
    .regex(sidPattern(prefix), `${what} must start with ${prefix} followed by 32 hexadecimal characters.`);
}

export const AccountSid = sid('AC', 'An Account SID');
export const ApiKeySid = sid('SK', 'An API key SID');
export const AppSid = sid('AP', 'A TwiML App SID');
export const CallSid = sid('CA', 'A Call SID');
export const PaymentSid = sid('PK', 'A payment SID');
/** A text message's SID: SM, or MM for a picture message. */
export const MessageSid = z
  .string()
  .regex(
    sidPattern('SM|MM'),
    'A Message SID must start with SM or MM followed by 32 hexadecimal characters.',
  );

/** A phone number in E.164 form, such as +14155550100. */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;
export const E164 = z
  .string()
  .regex(E164_PATTERN, 'A phone number must be in international form, such as +14155550100.');

/** A Pay Connector's unique name, as set in Twilio's console. */
export const PaymentConnectorName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'The connector name may use letters, digits, - and _ (up to 64).');
