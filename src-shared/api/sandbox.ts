import { z } from 'zod';
import { CallSid, E164 } from '../domain/sids';

/** A sandbox test card or bank account, shown by brand and last digits only. */
export const TestCardInfo = z.object({
  id: z.string(),
  kind: z.enum(['card', 'bank-account']),
  brand: z.string().optional(),
  last4: z.string(),
  /** What the sandbox connector does with it. */
  description: z.string(),
  outcome: z.enum(['approve', 'decline']),
});
export type TestCardInfo = z.infer<typeof TestCardInfo>;
export const TestCardList = z.object({ cards: z.array(TestCardInfo) });

/**
 * A simulated customer calling in; both numbers are optional and default to sandbox ones. With
 * `softphone`, the customer dials the sandbox number that rings this app's softphone, instead of `to`.
 */
export const CallInArgs = z
  .object({ from: E164.optional(), to: E164.optional(), softphone: z.boolean().optional() })
  .strict()
  .refine((a) => !(a.softphone && a.to), {
    message: 'Either call a number or call the softphone, not both.',
    path: ['to'],
  });
export const CustomerCall = z.object({ sid: z.string(), from: z.string(), to: z.string() });

/** Keys the customer presses: digits, # and *. */
export const PressArgs = z
  .object({
    callSid: CallSid,
    digits: z
      .string()
      .min(1, 'Press at least one key.')
      .max(40, 'Press at most 40 keys at once.')
      .regex(/^[0-9#*]+$/, 'The keypad has only 0-9, # and *.'),
  })
  .strict();

/** Keys a whole test card or account number (then #) without the number leaving main. */
export const KeyTestCardArgs = z.object({ callSid: CallSid, id: z.string().min(1).max(40) }).strict();
export const CustomerRef = z.object({ callSid: CallSid }).strict();
/** Where the sandbox customer's call stands (Twilio's call statuses), so the panel follows a hang-up. */
export const CustomerCallStatus = z.object({ callSid: z.string(), status: z.string(), ended: z.boolean() });
export const Pressed = z.object({ callSid: z.string(), queued: z.number().int() });
