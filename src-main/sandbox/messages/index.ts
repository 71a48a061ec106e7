// What outsiders may use of this folder: import it from here, not from its files.
export { type MessageFailure, MessageFailureSchema } from './message-rules';
export { MessageService } from './message-service';
export { type MessageRecord, MessageStore } from './message-store';
export { messageFailureRoutes, messagesRoutes } from './messages-routes';
