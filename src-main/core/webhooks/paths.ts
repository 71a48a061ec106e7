/** Where verified Twilio callbacks go; called only after the signature check passed. */
export interface WebhookHandlers {
  /** May resolve once the callback is applied and kept: the answer to Twilio waits for it. */
  paymentStatus(params: Record<string, string>): unknown;
  /** May resolve once the leg's news is kept (Callpay Server's call book). */
  legStatus(params: Record<string, string>): unknown;
  /**
   * A call's news: the TwiML App's or number's StatusCallback, and the voice URL requests (a call
   * starting). May resolve once the news is kept: the answer to Twilio waits for it.
   */
  callStatus?(params: Record<string, string>): unknown;
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
  callStatus: '/voice/call-status',
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
  /** The TwiML App's and the number's StatusCallback (set by setup): how a call through them ended. */
  callStatus: under('callStatus'),
  messageStatus: under('messageStatus'),
  health: '/health',
} as const;
