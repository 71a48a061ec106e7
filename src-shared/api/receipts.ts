import { z } from 'zod';
import { DEFAULT_RECEIPT_TEMPLATE, templateProblem } from '../payments/receipt-text';

/** Where a texted receipt stands: ours while sending or unknown, then Twilio's MessageStatus. */
export const RECEIPT_STATUSES = [
  'sending',
  'unknown',
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
] as const;
export const ReceiptStatus = z.enum(RECEIPT_STATUSES);
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;

/** One receipt texted (or being texted) for a payment. */
export const Receipt = z.object({
  id: z.string(),
  sessionId: z.string(),
  to: z.string(),
  status: ReceiptStatus,
  messageSid: z.string().optional(),
  errorCode: z.number().optional(),
  /** Where it stands in a sentence, and what to do when it failed. */
  message: z.string(),
  /** True when pressing Retry may help (a failure, or an answer that was lost). */
  retryable: z.boolean(),
  at: z.string(),
});
export type Receipt = z.infer<typeof Receipt>;

export const ReceiptRef = z.object({ sessionId: z.string().min(1).max(100) }).strict();

/** What "Text a receipt" opens with: the customer's number from the call and the text to send. */
export const ReceiptDraft = z.object({
  sessionId: z.string(),
  to: z.string().optional(),
  from: z.string().optional(),
  body: z.string().optional(),
  /** Why it cannot be sent as it stands (no business name, no number to send from). */
  problem: z.string().optional(),
  receipts: z.array(Receipt),
});
export type ReceiptDraft = z.infer<typeof ReceiptDraft>;

export const SendReceiptArgs = z
  .object({
    sessionId: z.string().min(1).max(100),
    to: z.string().trim().min(1, 'Type the customer’s mobile number.').max(40, 'That number is too long.'),
  })
  .strict();

/** The receipt's settings: who it is from and its wording. */
export const ReceiptSettings = z.object({
  businessName: z.string().trim().max(60, 'The business name may be at most 60 characters.').optional(),
  template: z
    .string()
    .superRefine((t, ctx) => {
      const problem = templateProblem(t);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});
export type ReceiptSettings = z.infer<typeof ReceiptSettings>;

/** The wording in force: the saved template, or the standard one. */
export const receiptTemplate = (s: ReceiptSettings | undefined) => s?.template ?? DEFAULT_RECEIPT_TEMPLATE;
