export { buildWebhookApp, WEBHOOK_PATHS, type WebhookAppOptions, type WebhookHandlers } from './receiver';
export { listenWebhooks, type WebhookServer } from './server';
export { dialAgentTwiml, dialNumberTwiml } from './twiml';
export { joinUrl } from './signature';
export type { VoiceConfig } from './routes/voice';
