import { z } from 'zod';

/** What checking the audit log's hash chain found. */
export const AuditVerification = z.object({
  ok: z.boolean(),
  /** How many entries were read and checked. */
  entries: z.number().int(),
  /** The first line (1-based) where the chain breaks, and why. */
  brokenAt: z.object({ line: z.number().int(), reason: z.string() }).optional(),
  file: z.string(),
  /** Whether each entry's seal (a MAC with the audit key) was checked, not only its hash. */
  sealChecked: z.boolean().optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
