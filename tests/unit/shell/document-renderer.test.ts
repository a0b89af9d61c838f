/**
 * The app's PDF/PNG renderer against a stand-in for Electron's BrowserWindow (the binary is not
 * available everywhere): the window it opens is locked down, it loads exactly the document we
 * wrote, PNGs are cropped to the document, and every outcome (success, failure, a hang) closes
 * the window and removes the temporary file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { AppError } from '../../../shared/errors';
import { electronDocumentRenderer, type RenderWindow } from '../../../electron/shell/document-renderer';
import { pngChunk } from '../../../electron/core/files/headless-chromium';


/** A white RGB image `height` rows tall whose first `ink` rows are black: a short document in a tall window. */
function capture(width: number, height: number, ink: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.from([0]), Buffer.alloc(width * 3, y < ink ? 0 : 255));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

interface Fake {
  opts: BrowserWindowConstructorOptions;
  loaded: string | null;
  loadedHtml: string | null;
  destroyed: boolean;
  navigate?: (e: { preventDefault(): void }) => void;
  openHandler?: () => { action: 'deny' };
  printed: unknown;
}

let tmp: string;
let windows: Fake[];
let behaviour: { load?: () => Promise<void>; pdf?: Buffer };

function factory(o: BrowserWindowConstructorOptions): RenderWindow {
  const w: Fake = { opts: o, loaded: null, loadedHtml: null, destroyed: false, printed: null };
  windows.push(w);
  return {
    async loadFile(file) {
      w.loaded = file;
      w.loadedHtml = fs.readFileSync(file, 'utf8');
      if (behaviour.load) await behaviour.load();
    },
    isDestroyed: () => w.destroyed,
    destroy: () => void (w.destroyed = true),
    webContents: {
      on: (_event, fn) => (w.navigate = fn),
      setWindowOpenHandler: (fn) => (w.openHandler = fn),
      printToPDF: async (opts) => {
        w.printed = opts;
        return behaviour.pdf ?? Buffer.from('%PDF-1.7 stand-in');
      },
      capturePage: async () => ({ toPNG: () => capture(4, 200, 10) }),
    },
  };
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qunzhu-docrender-test-'));
  windows = [];
  behaviour = {};
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const HTML = '<!doctype html><meta charset="utf-8"><title>案例</title><h1>新群第一周</h1>';

describe('electronDocumentRenderer', () => {
  it('prints a PDF of exactly the document in a locked-down offscreen window, then cleans up', async () => {
    const render = electronDocumentRenderer(factory, { tmpDir: tmp });
    const out = await render(HTML, 'pdf', { locale: 'zh-CN' });
    expect(out.toString()).toBe('%PDF-1.7 stand-in');
    expect(windows).toHaveLength(1);
    const w = windows[0]!;
    expect(w.loadedHtml).toBe(HTML);
    expect(w.printed).toMatchObject({ printBackground: true, pageSize: 'A4', displayHeaderFooter: false });
    expect(w.opts.show).toBe(false);
    expect(w.opts.webPreferences).toMatchObject({ offscreen: true, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(w.opts.webPreferences?.preload).toBeUndefined();
    expect(w.opts.webPreferences?.partition).not.toMatch(/^persist:/);
    // Nothing may navigate the window elsewhere or open another.
    let prevented = false;
    w.navigate!({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(w.openHandler!()).toEqual({ action: 'deny' });
    expect(w.destroyed).toBe(true);
    expect(fs.existsSync(w.loaded!)).toBe(false);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('captures a long PNG in a window as tall as asked and crops the blank below the document', async () => {
    const render = electronDocumentRenderer(factory, { tmpDir: tmp });
    const out = await render(HTML, 'png', { locale: 'zh-CN', width: 820, height: 3000 });
    expect(windows[0]!.opts).toMatchObject({ width: 820, height: 3000 });
    expect(out.subarray(1, 4).toString('latin1')).toBe('PNG');
    // 10 rows of document + the 24-row margin, out of 200.
    expect(out.readUInt32BE(20)).toBe(34);
    expect(windows[0]!.destroyed).toBe(true);
  });

  it('turns a load failure into the user-facing error, and still closes the window and removes the file', async () => {
    behaviour.load = () => Promise.reject(new Error('ERR_FILE_NOT_FOUND'));
    const render = electronDocumentRenderer(factory, { tmpDir: tmp });
    const err = await render(HTML, 'pdf', { locale: 'zh-CN' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFLICT');
    expect((err as AppError).message).toContain('ERR_FILE_NOT_FOUND');
    expect(windows[0]!.destroyed).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('gives up on a document that never finishes loading', async () => {
    behaviour.load = () => new Promise(() => undefined);
    const render = electronDocumentRenderer(factory, { tmpDir: tmp });
    const err = await render(HTML, 'png', { locale: 'en', timeoutMs: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('timed out');
    expect(windows[0]!.destroyed).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('refuses an empty result', async () => {
    behaviour.pdf = Buffer.alloc(0);
    const render = electronDocumentRenderer(factory, { tmpDir: tmp });
    await expect(render(HTML, 'pdf', { locale: 'zh-CN' })).rejects.toThrow(/no output/);
  });
});
