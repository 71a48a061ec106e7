/** Where the tunnel stands, as the status bar shows it. */
export type TunnelState = 'off' | 'connecting' | 'up' | 'reconnecting';

export interface TunnelStatus {
  state: TunnelState;
  provider: string;
  /** Set only while the public side answers. */
  publicUrl?: string;
  detail: string;
}

/** One open tunnel from a provider. */
export interface OpenedTunnel {
  url: string;
  close(): void;
  /** Called at most once when the provider notices the tunnel is gone. */
  onFailure(listener: (reason: string) => void): void;
}

/** Something that gives the local receiver a public https URL. */
export interface TunnelProvider {
  readonly name: string;
  open(localPort: number): Promise<OpenedTunnel>;
}
