export { startSandboxConnection, type SandboxConnectionOptions } from './sandbox-connection';
export { provisionSandbox, withVoice, type SandboxPhone } from './sandbox-voice';
export { sandboxCustomerHandlers, type ControlSource } from './customer-handlers';
export type { Sandbox, SandboxControl, SandboxOptions } from '../../sandbox';
