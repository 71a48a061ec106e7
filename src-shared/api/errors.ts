import { z } from 'zod';
import { issueSentence } from './issue-text';

/** An error the agent can act on: a stable code, a sentence, and the field it concerns. */
export const ApiErrorShape = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

/** Thrown by handlers and by the AppApi client; carries a code and a user-facing sentence. */
export class AppError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }

  toShape(): ApiErrorShape {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

/** The result of every command, as it crosses a carrier. */
export const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorShape }),
]);
export type Envelope = z.infer<typeof Envelope>;

/**
 * Describes the first problem zod found in one sentence; `field` names where it is. Given the
 * input that was parsed, a wrong type ("must be text, not a number") is told apart from a missing value.
 */
export function describeIssues(error: z.ZodError, ...input: [unknown?]): ApiErrorShape {
  const issue = error.issues[0];
  if (!issue) return { code: 'invalid_argument', message: 'The request was not valid.' };
  const field = issue.path.map(String).join('.') || undefined;
  const message = input.length > 0 ? issueSentence(issue, input[0]) : issueSentence(issue);
  return field === undefined
    ? { code: 'invalid_argument', message }
    : { code: 'invalid_argument', message, field };
}

/** The sentence an error carries, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
