import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The only fields a log line may carry. Anything else is dropped, so a raw request or callback
 * body can never reach the log by accident (ARCHITECTURE rule 1).
 */
export const LOG_FIELDS = [
  'agent',
  'attempt',
  'callSid',
  'capture',
  'code',
  'count',
  'delayMs',
  'durationMs',
  'errorType',
  'field',
  'method',
  'mode',
  'operation',
  'parentCallSid',
  'paymentSid',
  'phase',
  'port',
  'provider',
  'reason',
  'result',
  'route',
  'sessionId',
  'state',
  'status',
  'statusCode',
  'url',
] as const;
export type LogField = (typeof LOG_FIELDS)[number];
export type LogFields = Partial<Record<LogField, string | number | boolean | undefined>>;

const ALLOWED = new Set<string>(LOG_FIELDS);
// Belt and braces: a run of 12+ digits in any value is treated as possible card data and cut.
const LONG_DIGITS = /\d[\d -]{10,}\d/g;
const SID = /^[A-Z]{2}[0-9a-f]{32}$/;
// Our own ids (randomUUID): 8-4-4-4-12 hex groups, which no card number is written as.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keeps only allowlisted fields, with short, digit-scrubbed values. */
export function pickLogFields(fields: Record<string, unknown>): LogFields {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!ALLOWED.has(key) || value === undefined || value === null) continue;
    if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else {
      const text = String(value).slice(0, 200);
      out[key] = SID.test(text) || UUID.test(text) ? text : text.replace(LONG_DIGITS, '[redacted]');
    }
  }
  return out as LogFields;
}

/** A log with a fixed vocabulary: an event name and allowlisted fields. */
export interface AppLog {
  /** Routine detail (each answered webhook): written only when the level is debug. */
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** Wraps pino so that every line goes through the allowlist. */
export function createLog(options: { level?: string; destination?: DestinationStream } = {}): AppLog {
  const logger: Logger = pino(
    { level: options.level ?? process.env.CALLPAY_LOG_LEVEL ?? 'info', base: undefined },
    options.destination ?? pino.destination(2),
  );
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (event: string, fields: Record<string, unknown> = {}) => {
      // Checked first, so a line below the level costs nothing (no field filtering, no object).
      if (logger.isLevelEnabled(level)) logger[level]({ event, ...pickLogFields(fields) });
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** A log that writes nothing, for tests and tools. */
export const silentLog: AppLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
