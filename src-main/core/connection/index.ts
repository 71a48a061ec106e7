export { ConnectionSwitch, type ConnectionOptions, type ConnectionSwitchDeps } from './connection-switch';
