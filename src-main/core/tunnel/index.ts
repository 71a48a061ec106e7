export { TunnelManager, type TunnelManagerOptions } from './tunnel-manager';
export { localtunnelProvider, type LocaltunnelOptions } from './localtunnel-provider';
export { fixedUrlProvider } from './fixed-provider';
export { healthProbe, type Probe } from './heartbeat';
export type { TunnelProvider, TunnelStatus, TunnelState, OpenedTunnel } from './types';
