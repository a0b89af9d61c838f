/**
 * The preload exposes exactly {call, on} to the page, over one IPC channel each way.
 * It runs sandboxed: no Node, only contextBridge and ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../shell/channels';

type Listener = (event: string, payload: unknown) => void;

contextBridge.exposeInMainWorld('qunzhu', {
  call: (method: string, params: unknown) => ipcRenderer.invoke(CALL_CHANNEL, String(method), params),
  on: (listener: Listener) => {
    const wrapped = (_e: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
});
