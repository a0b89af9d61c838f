/**
 * The app's document renderer (CoreOptions.documentRenderer): PDFs and long PNGs of exported
 * case documents with Electron's own Chromium, so the desktop app needs no system browser.
 * A hidden offscreen window with no preload, no JavaScript and an in-memory session of its own
 * loads the HTML file we wrote, then printToPDF or capturePage. Browser mode and the CLI use
 * core/headless-chromium.ts instead.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { AppError } from '../../shared/errors';
import { cropBottom, type DocumentRenderer } from '../core/files/headless-chromium';
import { appError, t } from '../core/i18n/messages';

/** The parts of a BrowserWindow this uses (unit tests pass a stand-in; the binary is not needed). */
export interface RenderWindow {
  loadFile(file: string): Promise<void>;
  isDestroyed(): boolean;
  destroy(): void;
  webContents: {
    on(event: 'will-navigate', listener: (e: { preventDefault(): void }) => void): unknown;
    setWindowOpenHandler(handler: () => { action: 'deny' }): void;
    printToPDF(o: { printBackground: boolean; preferCSSPageSize: boolean; displayHeaderFooter: boolean; pageSize: 'A4' }): Promise<Uint8Array>;
    capturePage(): Promise<{ toPNG(): Uint8Array }>;
  };
}

export type RenderWindowFactory = (o: BrowserWindowConstructorOptions) => RenderWindow;

/** A window that shows one local document and can do nothing else. */
export function renderWindowOptions(width: number, height: number): BrowserWindowConstructorOptions {
  return {
    show: false,
    width,
    height,
    useContentSize: true,
    enableLargerThanScreen: true,
    paintWhenInitiallyHidden: true,
    webPreferences: {
      offscreen: true,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // No `persist:` prefix: an in-memory session, separate from the app's.
      partition: 'qunzhu-document-render',
    },
  };
}

export function electronDocumentRenderer(createWindow: RenderWindowFactory, o: { tmpDir?: string } = {}): DocumentRenderer {
  return async (html, format, ro) => {
    const failed = (detail: string) => appError(ro.locale, 'CONFLICT', { detail: t(ro.locale, 'case.renderFailed', { detail: detail.slice(-300) }) });
    const dir = fs.mkdtempSync(path.join(o.tmpDir ?? os.tmpdir(), 'qunzhu-render-'));
    const file = path.join(dir, 'page.html');
    fs.writeFileSync(file, html);
    // PNG: a tall window, cropped to the document below (capturePage takes what is painted).
    const win = createWindow(renderWindowOptions(ro.width ?? 820, format === 'png' ? Math.min(ro.height ?? 4000, 16_000) : 1123));
    win.webContents.on('will-navigate', (e) => e.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const work = (async () => {
        await win.loadFile(file);
        if (format === 'pdf') return Buffer.from(await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, pageSize: 'A4' }));
        const image = await win.webContents.capturePage();
        return cropBottom(Buffer.from(image.toPNG()));
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failed('timed out')), ro.timeoutMs ?? 90_000);
      });
      const data = await Promise.race([work, timeout]);
      if (data.length === 0) throw failed('no output');
      return data;
    } catch (e) {
      throw e instanceof AppError ? e : failed(e instanceof Error ? e.message : String(e));
    } finally {
      clearTimeout(timer);
      if (!win.isDestroyed()) win.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
