/**
 * Runs the real shell/main.ts against a stand-in for the Electron API (the binary is not
 * available everywhere), to check the wiring: the window gets the hardened preferences, IPC
 * from an untrusted frame is refused, navigation and window.open are blocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newDownload } from '../../../electron/core/files/downloads';

const h = vi.hoisted(() => {
  const state = {
    userData: '',
    handlers: new Map<string, (...a: unknown[]) => unknown>(),
    windows: [] as {
      opts: { webPreferences: Record<string, unknown>; width?: number; height?: number; x?: number; y?: number };
      events: Map<string, (...a: unknown[]) => void>;
      winEvents: Map<string, (() => void)[]>;
      maximized: boolean;
      openHandler?: (d: { url: string }) => { action: string };
      loaded?: string;
    }[],
    sessionEvents: new Map<string, (...a: unknown[]) => void>(),
    dialogs: [] as { defaultPath?: string }[],
    picked: '' as string,
    opened: [] as string[],
    schemes: [] as unknown[],
    protocolHandler: null as ((req: Request) => Promise<Response>) | null,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => h.windows;
    webContents: Record<string, unknown>;
    w: (typeof h.windows)[number];
    constructor(opts: (typeof h.windows)[number]['opts']) {
      const w = { opts, events: new Map<string, (...a: unknown[]) => void>(), winEvents: new Map<string, (() => void)[]>(), maximized: false } as (typeof h.windows)[number];
      this.w = w;
      h.windows.push(w);
      this.webContents = {
        on: (ev: string, fn: (...a: unknown[]) => void) => w.events.set(ev, fn),
        setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (w.openHandler = fn),
        send: () => undefined,
      };
      (this as unknown as { loadURL: (u: string) => Promise<void> }).loadURL = async (u: string) => {
        w.loaded = u;
      };
    }
    once() {}
    show() {}
    on(ev: string, fn: () => void) {
      this.w.winEvents.set(ev, [...(this.w.winEvents.get(ev) ?? []), fn]);
    }
    maximize() {
      this.w.maximized = true;
    }
    isMaximized() {
      return this.w.maximized;
    }
    getNormalBounds() {
      return { x: this.w.opts.x ?? 0, y: this.w.opts.y ?? 0, width: this.w.opts.width ?? 0, height: this.w.opts.height ?? 0 };
    }
    isDestroyed() {
      return false;
    }
  }
  const app = {
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? h.userData : `/home/u/${name}`),
    getVersion: () => '0.1.0',
    on: () => undefined,
    exit: () => undefined,
    quit: () => undefined,
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      on: (ev: string, fn: (...a: unknown[]) => void) => void h.sessionEvents.set(ev, fn),
    },
  };
  const electron = {
    app,
    BrowserWindow,
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => h.handlers.set(ch, fn), on: () => undefined, removeAllListeners: () => undefined },
    Menu: { setApplicationMenu: () => undefined },
    net: { fetch: async () => new Response('') },
    protocol: { registerSchemesAsPrivileged: (s: unknown) => h.schemes.push(s), handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (h.protocolHandler = fn) },
    session,
    // A stand-in keychain: reversible, and tagged so the test can tell it sealed the key file.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(`keychain:${s}`),
      decryptString: (b: Buffer) => b.toString().replace(/^keychain:/, ''),
    },
    shell: { openExternal: async (u: string) => void h.opened.push(u) },
    dialog: {
      showErrorBox: () => undefined,
      showOpenDialog: async (...a: unknown[]) => {
        h.dialogs.push(a[a.length - 1] as { defaultPath?: string });
        return { canceled: false, filePaths: [h.picked] };
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1050 } }] },
  };
  // electron-store imports the default export; the shell imports names.
  return { ...electron, default: electron };
});

beforeAll(async () => {
  h.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'qunzhu-shell-'));
  // Left by the last run: the window was moved and resized, and an import came from this folder.
  fs.writeFileSync(path.join(h.userData, 'settings.json'), JSON.stringify({ locale: 'zh-CN', window: { width: 1500, height: 900, x: 40, y: 30, maximized: true }, lastImportDir: '/home/u/导出' }));
  await import('../../../electron/shell/main');
  await vi.waitFor(() => expect(h.windows.length).toBe(1));
});
afterAll(() => fs.rmSync(h.userData, { recursive: true, force: true }));

describe('electron shell wiring', () => {
  it('creates the window with the hardened preferences and loads the app origin', () => {
    const w = h.windows[0]!;
    expect(w.opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(w.opts.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(w.loaded).toBe('app://qunzhu/index.html');
  });

  it('serves IPC calls from the app frame and refuses any other sender', async () => {
    const handler = h.handlers.get('qunzhu:call')!;
    const trusted = (await handler({ senderFrame: { url: 'app://qunzhu/index.html', parent: null } }, 'groups.list', {})) as { ok: boolean };
    expect(trusted).toEqual({ ok: true, value: [] });
    const evil = (await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'groups.list', {})) as { ok: boolean; error: { code: string } };
    expect(evil.ok).toBe(false);
    expect(evil.error.code).toBe('FORBIDDEN');
    const sub = (await handler({ senderFrame: { url: 'app://qunzhu/index.html', parent: {} } }, 'groups.list', {})) as { ok: boolean };
    expect(sub.ok).toBe(false);
  });

  it('blocks navigation away from the app and window.open; allowlisted links go to the system browser', () => {
    const w = h.windows[0]!;
    let prevented = false;
    w.events.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    prevented = false;
    w.events.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'app://qunzhu/index.html#/groups');
    expect(prevented).toBe(false);
    expect(w.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(w.openHandler!({ url: 'https://core.telegram.org/bots' })).toEqual({ action: 'deny' });
    expect(h.opened).toEqual(['https://core.telegram.org/bots']);
  });

  it('hands exports to the page over app:// by id only, as attachments', async () => {
    const serve = h.protocolHandler!;
    const file = newDownload('成员名单.csv');
    fs.writeFileSync(file.path, 'u1,小王\r\n');
    try {
      const ok = await serve(new Request(`app://qunzhu/api/download?id=${encodeURIComponent(file.fileId)}`));
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('u1,小王\r\n');
      expect(ok.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('成员名单.csv')}`);
      expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
      for (const id of ['nope', '../../etc/passwd', '00000000-0000-4000-8000-000000000000-gone.csv']) {
        const r = await serve(new Request(`app://qunzhu/api/download?id=${encodeURIComponent(id)}`));
        expect(r.status, id).toBe(404);
      }
      const foreign = await serve(new Request(`app://elsewhere/api/download?id=${encodeURIComponent(file.fileId)}`));
      expect(foreign.status).toBe(404);
    } finally {
      fs.rmSync(file.path, { force: true });
    }
  });

  it('seals robot secrets with the OS keychain (safeStorage), never in the clear', async () => {
    const handler = h.handlers.get('qunzhu:call')!;
    const frame = { senderFrame: { url: 'app://qunzhu/index.html', parent: null } };
    const list = (await handler(frame, 'connections.list', {})) as { value: { vault: unknown } };
    expect(list.value.vault).toEqual({ backend: 'os', locked: false });
    const added = (await handler(frame, 'connections.addRobot', { name: '通知', platform: 'wecom', credentials: { webhook: 'abcdef-123456-key' } })) as { ok: boolean };
    expect(added.ok).toBe(true);
    const keyFile = JSON.parse(fs.readFileSync(path.join(h.userData, 'workspaces', 'default', 'secrets.key'), 'utf8')) as { kind: string; key: string };
    expect(keyFile.kind).toBe('os');
    expect(Buffer.from(keyFile.key, 'base64').toString().startsWith('keychain:')).toBe(true);
  });

  it('reopens the window where the user left it, and saves where it goes next', async () => {
    const w = h.windows[0]!;
    expect(w.opts).toMatchObject({ width: 1500, height: 900, x: 40, y: 30 });
    expect(w.maximized).toBe(true);
    w.opts.x = 60;
    for (const fn of w.winEvents.get('close') ?? []) fn();
    const saved = JSON.parse(fs.readFileSync(path.join(h.userData, 'settings.json'), 'utf8')) as { window: unknown };
    expect(saved.window).toEqual({ width: 1500, height: 900, x: 60, y: 30, maximized: true });
  });

  it('opens the import picker in the last import folder, through the contract', async () => {
    const handler = h.handlers.get('qunzhu:call')!;
    const frame = { senderFrame: { url: 'app://qunzhu/index.html', parent: null } };
    const info = (await handler(frame, 'app.info', {})) as { value: { filePicker: boolean; settingsSetAside: string | null } };
    expect(info.value).toMatchObject({ filePicker: true, settingsSetAside: null });
    h.picked = '/home/u/新导出/result.json';
    const r = (await handler(frame, 'imports.pickFile', {})) as { value: { path: string | null } };
    expect(r.value.path).toBe('/home/u/新导出/result.json');
    expect(h.dialogs[0]?.defaultPath).toBe('/home/u/导出');
    const saved = JSON.parse(fs.readFileSync(path.join(h.userData, 'settings.json'), 'utf8')) as { lastImportDir: string };
    expect(saved.lastImportDir).toBe('/home/u/新导出');
  });

  it('offers exports in the folder of the last one saved', () => {
    expect(h.sessionEvents.has('will-download')).toBe(true);
    let options: { defaultPath?: string } = {};
    const item = { getFilename: () => '成员名单.csv', getSavePath: () => '', setSaveDialogOptions: (o: typeof options) => void (options = o), once: () => undefined };
    h.sessionEvents.get('will-download')!({}, item);
    expect(options.defaultPath).toBe(path.join('/home/u/downloads', '成员名单.csv'));
  });

  it('keeps its data in the user data folder', () => {
    expect(fs.existsSync(path.join(h.userData, 'workspaces', 'default', 'qunzhu.db'))).toBe(true);
  });
});
