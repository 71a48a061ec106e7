import type { WebSocket } from 'ws';

/** WebSocket close code a revoked device is sent (4000-4999 are the application's). */
export const REVOKED_CLOSE_CODE = 4401;

/** The open WebSockets of each device on this instance, so a revoked one is cut off at once. */
export class DeviceSockets {
  readonly #byDevice = new Map<string, Set<WebSocket>>();

  add(deviceId: string, socket: WebSocket): void {
    const set = this.#byDevice.get(deviceId) ?? new Set();
    set.add(socket);
    this.#byDevice.set(deviceId, set);
    socket.once('close', () => {
      set.delete(socket);
      if (set.size === 0) this.#byDevice.delete(deviceId);
    });
  }

  /** The devices with a socket open here. */
  connected(): string[] {
    return [...this.#byDevice.keys()];
  }

  /** Closes every socket the device has open here. */
  cutOff(deviceId: string): void {
    for (const socket of this.#byDevice.get(deviceId) ?? [])
      socket.close(REVOKED_CLOSE_CODE, 'Device revoked');
  }

  closeAll(): void {
    for (const set of this.#byDevice.values())
      for (const socket of set) socket.close(1001, 'Server stopping');
  }
}
