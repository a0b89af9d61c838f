/**
 * The renderer's typed client. In the Electron app it talks to `window.qunzhu` (the preload's
 * {call, on}); in browser mode to the loopback bridge with the per-launch token. Components
 * never touch either: they use stores, which use `api`.
 */
import type { Method, Req, Res } from '../../../shared/api';
import { AppError, type Envelope } from '../../../shared/errors';
import type { EventName, Events, QunzhuTransport, Unsubscribe } from '../../../shared/events';
import { safeFileName } from '../../../shared/file-name';

declare global {
  interface Window {
    qunzhu?: QunzhuTransport;
  }
}

const TOKEN_KEY = 'qunzhu.token';

/** Picks up ?token= from the address once, keeps it for this tab, and removes it from the address bar. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function bridgeTransport(token: string | null, base = window.location.origin): QunzhuTransport {
  const listeners = new Set<(e: EventName, p: unknown) => void>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = () => {
    if (!token) return;
    socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/events`, ['qunzhu.v1', `token.${token}`]);
    socket.onmessage = (m) => {
      try {
        const { event, payload } = JSON.parse(String(m.data)) as { event: EventName; payload: unknown };
        for (const l of [...listeners]) l(event, payload);
      } catch {
        // a malformed frame is dropped; the next one may be fine
      }
    };
    socket.onopen = () => {
      retry = 500;
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  };
  return {
    async call(method, params) {
      let res: Response;
      try {
        res = await fetch(`${base}/api/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-qunzhu-token': token ?? '' },
          body: JSON.stringify({ method, params }),
        });
      } catch (e) {
        return { ok: false, error: { code: 'INTERNAL', message: `无法连接到群主后台（${(e as Error).message}）。请确认 qunzhu serve 仍在运行。` } };
      }
      return (await res.json()) as Envelope<unknown>;
    },
    on(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && socket) socket.close();
      };
    },
  };
}

export interface Api {
  call<M extends Method>(method: M, req: Req<M>): Promise<Res<M>>;
  /** Streams a dropped file to the core's private upload folder; resolves with its path there. */
  upload(file: Blob, name: string): Promise<string>;
  /** Fetches a file the core wrote (an export) by its id and hands it to the browser to save as `name`. */
  download(fileId: string, name: string): Promise<void>;
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): Unsubscribe;
  readonly transport: 'electron' | 'bridge';
}

/** Where uploads go: the bridge in a browser, the app:// protocol in Electron (no path ever reaches the page). */
async function uploadTo(base: string, token: string | null, file: Blob, name: string): Promise<string> {
  const res = await fetch(`${base}/api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: token ? { 'x-qunzhu-token': token } : {},
    body: file,
  });
  const env = (await res.json()) as Envelope<{ path: string }>;
  if (!env.ok) throw AppError.fromDto(env.error);
  return env.value.path;
}

/**
 * Hands bytes to the browser's own "save as" through a temporary link. The name may hold a group
 * name (a report picture): it goes through the same file-name rule as the core's exports, so no
 * bidi override or invisible character reaches the save dialog.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(name);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the download; the URL is no longer needed once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Exports come back the way uploads go: the bridge in a browser, the app:// protocol in Electron. */
async function downloadFrom(base: string, token: string | null, fileId: string, name: string): Promise<void> {
  const res = await fetch(`${base}/api/download?id=${encodeURIComponent(fileId)}`, { headers: token ? { 'x-qunzhu-token': token } : {} });
  if (!res.ok) {
    let env: Envelope<never> | null = null;
    try {
      env = (await res.json()) as Envelope<never>;
    } catch {
      // not an envelope: fall through to the generic error
    }
    if (env && !env.ok) throw AppError.fromDto(env.error);
    throw new AppError('NOT_FOUND', `下载失败（HTTP ${res.status}）：文件已不存在，请重新导出。`);
  }
  saveBlob(await res.blob(), name);
}

export function createApi(t: QunzhuTransport, kind: 'electron' | 'bridge', token: string | null = null): Api {
  return {
    transport: kind,
    upload: (file, name) => uploadTo(kind === 'electron' ? 'app://qunzhu' : window.location.origin, token, file, name),
    download: (fileId, name) => downloadFrom(kind === 'electron' ? 'app://qunzhu' : window.location.origin, token, fileId, name),
    async call(method, req) {
      const env = await t.call(method, req);
      if (!env.ok) throw AppError.fromDto(env.error);
      return env.value as never;
    },
    on(event, cb) {
      return t.on((e, p) => {
        if (e === event) cb(p as never);
      });
    },
  };
}

let instance: Api | null = null;
export function getApi(): Api {
  if (!instance) {
    if (window.qunzhu) instance = createApi(window.qunzhu, 'electron');
    else {
      const token = takeToken();
      instance = createApi(bridgeTransport(token), 'bridge', token);
    }
  }
  return instance;
}
