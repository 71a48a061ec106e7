// The setupX of each desktop concern that needs Electron's own values, one file each; the concerns'
// logic lives Electron-free one folder up, where it is tested.
export { setupBeforeReady } from './before-ready';
export { setupSandboxCertificate } from './certificate-trust';
export { exportDiagnostics } from './diagnostics-export';
export { setupLogFile } from './log-destination';
export { setupMainWindow } from './main-window';
export { setupMicrophone } from './microphone-access';
export { setupRendererProtocol } from './renderer-serving';
export { setupSecrets } from './secret-storage';
export { setupSecurity } from './security';
export { setupTray } from './tray-icon';
export { setupUpdates } from './update-feed';
