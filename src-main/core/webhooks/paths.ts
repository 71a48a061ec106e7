/** Where verified Twilio callbacks go; called only after the signature check passed. */
export interface WebhookHandlers {
  /** May resolve once the callback is applied and kept: the answer to Twilio waits for it. */
  paymentStatus(params: Record<string, string>): unknown;
  legStatus(params: Record<string, string>): void;
  /** A Messages status callback, with the query its StatusCallback URL carried (signed with it). */
  messageStatus?(params: Record<string, string>, query: Record<string, string>): void;
}

/** Where the signature-checked subtree is mounted; every route Twilio calls lives under it. */
export const TWILIO_PREFIX = '/twilio';

/** The Twilio routes as the subtree registers them (WEBHOOK_PATHS without the prefix). */
export const TWILIO_ROUTES = {
  paymentStatus: '/payments/status',
  voiceApp: '/voice/app',
  voiceNumber: '/voice/number',
  legStatus: '/voice/leg-status',
  messageStatus: '/messages/status',
} as const;

const under = <K extends keyof typeof TWILIO_ROUTES>(key: K) =>
  `${TWILIO_PREFIX}${TWILIO_ROUTES[key]}` as `${typeof TWILIO_PREFIX}${(typeof TWILIO_ROUTES)[K]}`;

/** The paths Twilio is given; the public base is prefixed at the time of each write. */
export const WEBHOOK_PATHS = {
  paymentStatus: under('paymentStatus'),
  voiceApp: under('voiceApp'),
  voiceNumber: under('voiceNumber'),
  legStatus: under('legStatus'),
  messageStatus: under('messageStatus'),
  health: '/health',
} as const;
