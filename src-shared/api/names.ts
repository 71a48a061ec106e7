/**
 * The names of every AppApi command and event, free of schemas so the preload can check them
 * without bundling the schema library. `contract.ts` is held to exactly these names.
 */
export const COMMAND_NAMES = [
  'app.status',
  'settings.get',
  'settings.set',
  'payments.start',
  'payments.request',
  'payments.complete',
  'payments.cancel',
  'payments.retry',
  'payments.get',
  'audit.verify',
  'calls.list',
  'history.list',
  'settings.secrets',
  'settings.setSecrets',
  'sandbox.testCards',
  'sandbox.callIn',
  'sandbox.press',
  'sandbox.keyTestCard',
  'sandbox.hangup',
  'sandbox.callStatus',
  'phone.token',
  'phone.customerLeg',
  'phone.report',
  'setup.account',
  'setup.callerId',
  'setup.readiness',
  'team.status',
  'team.connect',
  'team.disconnect',
  'recording.get',
  'recording.pause',
  'recording.stop',
  'history.savedCard',
  'receipts.draft',
  'receipts.send',
] as const;
export const EVENT_NAMES = [
  'app.status',
  'settings.changed',
  'payments.session',
  'phone.dial',
  'phone.state',
  'team.link',
  'recording.state',
  'receipts.receipt',
  'calls.changed',
  'sandbox.call',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** The IPC channel a command travels on. */
export const commandChannel = (name: CommandName) => `callpay:command:${name}`;
/** The IPC channel an event travels on. */
export const eventChannel = (name: EventName) => `callpay:event:${name}`;
