// What outsiders may use of this folder: import it from here, not from its files.
export { CallbackDispatcher } from './callback-dispatcher';
export {
  WEBHOOK_SIGNINGS,
  type WebhookSigner,
  type WebhookSigning,
  authTokenSigner,
  webhookSigner,
} from './webhook-signing';
