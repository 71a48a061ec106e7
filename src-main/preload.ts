import { contextBridge, ipcRenderer } from 'electron';
import { commandChannel, eventChannel, isCommandName, isEventName } from '@shared/api/names';

/** Exactly the AppApi carrier, nothing generic: named commands in, named events out. */
const carrier = {
  invoke(name: string, args: unknown) {
    if (!isCommandName(name)) return Promise.reject(new Error(`Unknown command: ${name}`));
    return ipcRenderer.invoke(commandChannel(name), args);
  },
  on(name: string, listener: (payload: unknown) => void) {
    if (!isEventName(name)) throw new Error(`Unknown event: ${name}`);
    const channel = eventChannel(name);
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
};

contextBridge.exposeInMainWorld('callpay', carrier);
