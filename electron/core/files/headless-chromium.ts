/**
 * PDF and long PNG images of our own HTML documents, outside the app: browser mode and the CLI run
 * headless Chromium (the app itself uses Electron's printToPDF/capturePage in the shell). Chromium
 * is found at QUNZHU_CHROMIUM, /usr/bin/chromium, or as chromium, chromium-browser, google-chrome
 * (or google-chrome-stable) on the PATH; with none, a clear error says how to install one.
 *
 * Each run gets its own temporary profile and folder (removed after), loads only the file we wrote
 * (the documents carry a CSP that allows no network), and is killed after a time limit.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import type { Locale } from '../../../shared/domain/enums';
import { appError, t } from '../i18n/messages';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function onPath(name: string, envPath: string): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** The Chromium to use, or null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.QUNZHU_CHROMIUM?.trim();
  // An explicit choice that does not exist is not silently replaced by another browser.
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of NAMES) {
    const found = onPath(name, env.PATH ?? '');
    if (found) return found;
  }
  return null;
}

export interface RenderOptions {
  locale: Locale;
  /** CSS pixels; the PNG's width. */
  width?: number;
  /** The PNG's window height before the blank bottom is cropped (Chromium caps a capture near 16,384). */
  height?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Turns one of our HTML documents into a PDF or a long PNG. Injectable (CoreOptions.documentRenderer):
 * the app passes Electron's own (shell/document-renderer.ts), so it needs no system Chromium;
 * browser mode and the CLI use renderHtml below.
 */
export type DocumentRenderer = (html: string, format: 'pdf' | 'png', o: RenderOptions) => Promise<Buffer>;

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars', '--mute-audio'];

function run(file: string, args: string[], timeoutMs: number): Promise<{ stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 }, (err, _stdout, stderr) => (err ? reject(Object.assign(err, { stderr: String(stderr) })) : resolve({ stderr: String(stderr) })));
  });
}

/** Renders an HTML document to a PDF (A4, print CSS) or a long PNG. */
export async function renderHtml(html: string, format: 'pdf' | 'png', o: RenderOptions): Promise<Buffer> {
  const chromium = findChromium(o.env);
  if (!chromium) throw appError(o.locale, 'CONFLICT', { detail: t(o.locale, 'case.noChromium') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qunzhu-render-'));
  try {
    const page = path.join(dir, 'page.html');
    fs.writeFileSync(page, html);
    const out = path.join(dir, format === 'pdf' ? 'out.pdf' : 'out.png');
    const args = [...FLAGS, `--user-data-dir=${path.join(dir, 'profile')}`];
    if (format === 'pdf') args.push('--no-pdf-header-footer', `--print-to-pdf=${out}`);
    else args.push('--default-background-color=ffffffff', `--window-size=${o.width ?? 820},${Math.min(o.height ?? 4000, 16_000)}`, `--screenshot=${out}`);
    args.push(pathToFileURL(page).href);
    try {
      await run(chromium, args, o.timeoutMs ?? 90_000);
    } catch (e) {
      // Chromium may exit non-zero after writing its output (crash reporter, D-Bus noise): the file decides.
      if (!fs.existsSync(out) || fs.statSync(out).size === 0) throw appError(o.locale, 'CONFLICT', { detail: t(o.locale, 'case.renderFailed', { detail: String((e as { stderr?: string }).stderr ?? (e as Error).message).slice(-300) }) });
    }
    if (!fs.existsSync(out) || fs.statSync(out).size === 0) throw appError(o.locale, 'CONFLICT', { detail: t(o.locale, 'case.renderFailed', { detail: 'no output' }) });
    const data = fs.readFileSync(out);
    return format === 'png' ? cropBottom(data) : data;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---- PNG: crop the blank window below the document -------------------------------------------

/** One PNG chunk: length, type, data, CRC-32 of type + data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * The screenshot's window is sized generously; this cuts the rows below the last one that is
 * not plain background (keeping a small margin). Only 8-bit RGB/RGBA non-interlaced images (what
 * Chromium writes) are cropped; anything else is returned as it is.
 */
export function cropBottom(png: Buffer, margin = 24): Buffer {
  if (png.length < 33 || png.readUInt32BE(12) !== 0x49484452) return png;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [depth, colour, , , interlace] = [png[24], png[25], png[26], png[27], png[28]];
  const bpp = colour === 6 ? 4 : colour === 2 ? 3 : 0;
  if (depth !== 8 || !bpp || interlace !== 0) return png;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? line[x - bpp]! : 0;
      const b = prev[x]!;
      const c = x >= bpp ? prev[x - bpp]! : 0;
      const add = f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : f === 4 ? paeth(a, b, c) : 0;
      line[x] = (line[x]! + add) & 0xff;
    }
    rows.push(line);
    prev = line;
  }
  const bg = rows[height - 1]!.subarray(0, bpp);
  const blank = (line: Buffer) => {
    for (let x = 0; x < stride; x++) if (line[x] !== bg[x % bpp]) return false;
    return true;
  };
  let last = height - 1;
  while (last > 0 && blank(rows[last]!)) last--;
  // One colour from top to bottom: no document to find the end of.
  if (last === 0) return png;
  const keep = Math.min(height, last + 1 + margin);
  if (keep >= height) return png;
  const ihdr = Buffer.from(png.subarray(16, 29));
  ihdr.writeUInt32BE(keep, 4);
  const body = Buffer.concat(rows.slice(0, keep).flatMap((r) => [Buffer.from([0]), r]));
  return Buffer.concat([png.subarray(0, 8), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(body)), pngChunk('IEND', Buffer.alloc(0))]);
}
