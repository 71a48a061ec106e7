import type {
  AppApi,
  CommandArgs,
  CommandName,
  CommandResult,
  EventName,
  EventPayload,
  RawCarrier,
} from '@shared/api';
import { AppError } from '@shared/api';
import type { TeamLinkState } from '@shared/api';
import { WebSocketCarrier, type Connection } from './ws-carrier';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    callpay?: RawCarrier;
  }
}

export type { Connection } from './ws-carrier';

/** The AppApi plus the health of the carrier under it. */
export interface ApiClient extends AppApi {
  readonly connection: Connection;
  onConnection(listener: (state: Connection) => void): () => void;
}

/** Wraps a carrier into the typed AppApi: results unwrapped, errors thrown as AppError. */
export function typedApi(
  carrier: RawCarrier,
  connection: ApiClient['onConnection'],
  current: () => Connection,
): ApiClient {
  return {
    get connection() {
      return current();
    },
    onConnection: connection,
    async invoke<K extends CommandName>(name: K, args: CommandArgs<K>) {
      const envelope = await carrier.invoke(name, args);
      if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message, envelope.error.field);
      return envelope.value as CommandResult<K>;
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void) {
      return carrier.on(name, (payload) => listener(payload as EventPayload<K>));
    },
  };
}

/**
 * The carrier's link to main, folded with main's link to a team server (the `team.link` event):
 * while main is redialling its team server the console is as good as disconnected, and when that
 * link comes back every area reads its state again, as after any reconnect.
 */
export function withTeamLink(
  carrier: RawCarrier,
  onCarrier: ApiClient['onConnection'],
  carrierState: () => Connection,
): ApiClient {
  let team: TeamLinkState = 'off';
  const listeners = new Set<(state: Connection) => void>();
  const current = (): Connection =>
    carrierState() === 'connected' && (team === 'connecting' || team === 'reconnecting')
      ? 'reconnecting'
      : carrierState();
  carrier.on('team.link', (payload) => {
    const next = (payload as { state: TeamLinkState }).state;
    const changed = next !== team;
    team = next;
    // Back, or switched between team and solo: whatever the console shows came from elsewhere.
    if (changed || next === 'connected') for (const listener of listeners) listener(current());
  });
  onCarrier(() => {
    for (const listener of listeners) listener(current());
  });
  return typedApi(
    carrier,
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    current,
  );
}

/** Uses the preload in Electron and a WebSocket to the core in browser mode. */
export function connectApi(): ApiClient {
  if (window.callpay) {
    return withTeamLink(
      window.callpay,
      () => () => {},
      () => 'connected',
    );
  }
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token)}`;
  const ws = new WebSocketCarrier(url);
  return withTeamLink(
    ws,
    (listener) => ws.onConnection(listener),
    () => ws.connection,
  );
}
