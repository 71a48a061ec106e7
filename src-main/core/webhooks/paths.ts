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

/** The paths Twilio is given; the public base is prefixed at the time of each write. */
export const WEBHOOK_PATHS = {
  paymentStatus: '/twilio/payments/status',
  voiceApp: '/twilio/voice/app',
  voiceNumber: '/twilio/voice/number',
  legStatus: '/twilio/voice/leg-status',
  callStatus: '/twilio/voice/call-status',
  messageStatus: '/twilio/messages/status',
  health: '/health',
} as const;
