/**
 * The Electron shell: app lifecycle, the one window, its hardening, the app:// protocol that
 * serves the built renderer, and the IPC transport to the core. Everything else lives in the
 * core, which never imports 'electron'.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as electron from 'electron';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, screen, session, shell } from 'electron';
import { showReminder } from './reminders';
import type { CalendarReminderEvent } from '../../shared/events';
import { safeStorageProtector } from './key-protector';
import { electronDocumentRenderer } from './document-renderer';
import { createCore, type Core } from '../core/create-core';
import { AppError } from '../../shared/errors';
import type { SettingsStore } from '../core/settings';
import { t } from '../core/i18n/messages';
import { electronSettings } from './settings-store';
import { initialBounds, MIN_SIZE, trackWindow } from './window-state';
import { pickImportFile, rememberExportFolder } from './file-dialogs';
import { log } from '../core/log';
import { clearUploads, receiveUpload } from '../core/files/uploads';
import { clearDownloads, downloadFile } from '../core/files/downloads';
import { sweepStaleTempFolders } from '../core/files/temp-folders';
import { Readable } from 'node:stream';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  allowPermission,
  contentSecurityPolicy,
  downloadHeaders,
  isAllowedExternal,
  isAllowedNavigation,
  isTrustedSender,
  windowWebPreferences,
} from './security';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

const here = __dirname; // dist/node after bundling
const rendererDir = path.join(here, '..', 'renderer');
let core: Core | null = null;
let win: BrowserWindow | null = null;
let settings: SettingsStore | null = null;

function nativeBinding(): string | undefined {
  const candidate = process.env.QUNZHU_SQLITE_BINDING ?? path.join(here, '..', '..', '.cache', 'electron-native', 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}

function serveRenderer(): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (req) => {
    const u = new URL(req.url);
    if (u.host !== APP_HOST) return new Response('not found', { status: 404 });
    // Dropped files stream in here, as they do to the bridge in browser mode.
    if (u.pathname === '/api/upload' && req.method === 'POST' && req.body) {
      try {
        const file = await receiveUpload(Readable.fromWeb(req.body as never), u.searchParams.get('name') ?? 'upload');
        return Response.json({ ok: true, value: { path: file } });
      } catch (e) {
        return Response.json({ ok: false, error: { code: 'BAD_REQUEST', message: (e as Error).message } }, { status: 400 });
      }
    }
    // Exports come back the same way: by the id the core returned, never by a path.
    if (u.pathname === '/api/download' && req.method === 'GET') {
      const file = downloadFile(u.searchParams.get('id') ?? '');
      if (!file) return Response.json({ ok: false, error: { code: 'NOT_FOUND', message: 'not found' } }, { status: 404 });
      let size: number;
      try {
        size = fs.statSync(file.path).size;
      } catch {
        return Response.json({ ok: false, error: { code: 'NOT_FOUND', message: 'not found' } }, { status: 404 });
      }
      return new Response(Readable.toWeb(fs.createReadStream(file.path)) as ReadableStream, { status: 200, headers: downloadHeaders(file.name, size) });
    }
    let rel: string;
    try {
      rel = decodeURIComponent(u.pathname === '/' ? '/index.html' : u.pathname);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) return new Response('forbidden', { status: 403 });
    const target = fs.existsSync(file) ? file : path.join(root, 'index.html');
    const res = await net.fetch(`file://${target}`);
    const headers = new Headers(res.headers);
    if (target.endsWith('.html')) headers.set('content-security-policy', contentSecurityPolicy());
    return new Response(res.body, { status: res.status, headers });
  });
}

function createWindow(store: SettingsStore): void {
  const saved = store.get().window;
  win = new BrowserWindow({
    ...initialBounds(saved, screen.getAllDisplays().map((d) => d.workArea)),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: '群主 Qunzhu',
    show: false,
    webPreferences: windowWebPreferences(path.join(here, 'preload.cjs')),
  });
  if (saved?.maximized) win.maximize();
  trackWindow(win, store);
  win.once('ready-to-show', () => win?.show());
  const wc = win.webContents;
  wc.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  wc.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

async function main(): Promise<void> {
  // Tests and portable installs point the app at another data folder.
  if (process.env.QUNZHU_DATA_DIR) app.setPath('userData', path.resolve(process.env.QUNZHU_DATA_DIR));
  await app.whenReady();
  // Exports and uploads an earlier run killed with -9 (or a crash) left in its temp folders go first.
  sweepStaleTempFolders();
  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(allowPermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));
  const dataDir = app.getPath('userData');
  try {
    const binding = nativeBinding();
    const store = (settings = electronSettings(dataDir));
    // Exports are saved where the last one was; the import picker opens where the last import came from.
    session.defaultSession.on('will-download', (_e, item) => rememberExportFolder(item, store, app.getPath('downloads')));
    const locale = () => store.get().locale;
    core = createCore({
      dataDir,
      settings: store,
      pickImportFile: () =>
        pickImportFile(
          { showOpenDialog: (o) => (win && !win.isDestroyed() ? dialog.showOpenDialog(win, o) : dialog.showOpenDialog(o)) },
          store,
          { title: t(locale(), 'dialog.importTitle'), exports: t(locale(), 'dialog.importExports'), all: t(locale(), 'dialog.allFiles') },
          app.getPath('documents'),
        ),
      transport: 'electron',
      keyProtector: safeStorageProtector(safeStorage),
      outbox: true,
      // PDF and long-image exports with Electron's own Chromium: no system browser needed.
      documentRenderer: electronDocumentRenderer((o) => new BrowserWindow(o)),
      ...(binding ? { nativeBinding: binding } : {}),
    });
  } catch (e) {
    dialog.showErrorBox('群主 Qunzhu', e instanceof AppError ? e.message : String(e));
    app.exit(1);
    return;
  }
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } };
    }
    return core!.call(String(method), params);
  });
  core.on((name, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload);
    if (name === 'calendar.reminder') {
      showReminder(notificationApi(), payload as CalendarReminderEvent, settings?.get().locale ?? 'zh-CN', () => {
        if (win && !win.isDestroyed()) win.show();
      });
    }
  });
  if (process.platform !== 'darwin') Menu.setApplicationMenu(null);
  serveRenderer();
  createWindow(settings!);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && settings) createWindow(settings);
  });
}

/** Electron's Notification, or undefined where the shell runs without one (tests' stand-in). */
function notificationApi(): Parameters<typeof showReminder>[0] {
  try {
    return (electron as { Notification?: Parameters<typeof showReminder>[0] }).Notification;
  } catch {
    return undefined;
  }
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('before-quit', () => {
  clearUploads();
  clearDownloads();
  core?.close();
  core = null;
});
main().catch((e) => {
  log.error('start-up failed', e);
  app.exit(1);
});
