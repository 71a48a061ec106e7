import { z } from 'zod';

/**
 * A Fastify body schema for a Twilio form: the named fields must be there and match their shared zod
 * schema; any other field is allowed, because Twilio adds fields over time.
 */
export function formSchema(fields: Record<string, z.ZodType>) {
  const properties = Object.fromEntries(
    Object.entries(fields).map(([name, schema]) => {
      const { $schema: _dialect, ...json } = z.toJSONSchema(schema);
      void _dialect;
      return [name, json];
    }),
  );
  return { type: 'object', required: Object.keys(fields), properties };
}

/** The form field a failed body validation names ("Sid"), for the plain "Missing Sid" answer. */
export function missingField(
  validation: readonly { instancePath?: string; params?: Record<string, unknown> }[],
): string {
  const first = validation[0];
  const missing = first?.params?.missingProperty;
  return typeof missing === 'string' ? missing : (first?.instancePath ?? '').replace(/^\//, '');
}
