/**
 * A broadcast's picture. The composer uploads the file the operator picked (api.upload → a path
 * in the core's private upload folder); `addImage` reads it, accepts only a real JPG or PNG (by its
 * magic bytes, not its name) of at most 2 MB — the WeCom group robot's limit, the only robot that
 * can post a local picture — and keeps the bytes in the database. The draft then refers to it by
 * id, so a report, an export or the outbox never depends on a temporary file.
 *
 * A picture nobody uses (picked, then removed or never sent) is deleted a week later, when the
 * next one is added; one a broadcast uses stays as long as the broadcast.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_IMAGE_BYTES, type ImageDto } from '../../../shared/api/broadcasts';
import { AppError } from '../../../shared/errors';
import type { Locale } from '../../../shared/domain/enums';
import { appError, t } from '../i18n/messages';
import type { ServiceDeps } from '../service-deps';
import * as repo from './images.repo';
import type { ImageMime } from './images.repo';

/** "图片（base64编码前）最大不能超过2M，支持JPG,PNG格式" (WeCom group robot guide, document/path/91770). */
export { MAX_IMAGE_BYTES };

const UNUSED_KEEP_MS = 7 * 86_400_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What the bytes are, by their magic numbers: a PNG starts with its 8-byte signature and an IHDR
 * chunk; a JPEG with an SOI marker followed by another marker (FF D8 FF). Anything else is null,
 * whatever the file was called.
 */
export function sniffImage(b: Uint8Array): ImageMime | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length >= 24 && buf.subarray(0, 8).equals(PNG_SIGNATURE) && buf.toString('latin1', 12, 16) === 'IHDR') return 'image/png';
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  return null;
}

export const md5Hex = (b: Uint8Array): string => crypto.createHash('md5').update(b).digest('hex');

function invalid(locale: Locale, key: string, params: Record<string, string | number>): AppError {
  const message = t(locale, key, params);
  return new AppError('VALIDATION', message, [{ path: 'image', message }]);
}

/** Checks bytes as a broadcast picture; throws a VALIDATION error that says what is wrong. */
export function checkImage(locale: Locale, bytes: Uint8Array, name: string): ImageMime {
  if (bytes.byteLength === 0) throw invalid(locale, 'broadcast.imageEmpty', { name });
  // Rounded up, so a picture just over the limit never reads "2.0 MB".
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw invalid(locale, 'broadcast.imageTooLarge', { name, size: (Math.ceil((bytes.byteLength / 1024 / 1024) * 10) / 10).toFixed(1) });
  const mime = sniffImage(bytes);
  if (!mime) throw invalid(locale, 'broadcast.imageNotImage', { name });
  return mime;
}

/** Reads at most MAX_IMAGE_BYTES + 1 bytes: a larger file is refused without reading it all. */
function readCapped(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Stores the bytes (once: the same picture again is the same row) and returns it. */
export function storeImage(d: ServiceDeps, bytes: Uint8Array, name = 'image'): ImageDto {
  const mime = checkImage(d.locale, bytes, name);
  const md5 = md5Hex(bytes);
  const now = d.now();
  return d.db.transaction(() => {
    // Pictures nobody used for a week go (a composer that was closed, a picture removed).
    repo.deleteUnusedImages(d.db, now - UNUSED_KEEP_MS);
    const same = repo.imagesLike(d.db, md5, bytes.byteLength).find((r) => r.bytes.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    if (same) {
      // Fresh again: a draft refers to it now.
      repo.touchImage(d.db, same.id, now);
      return repo.toImageDto(same);
    }
    const id = repo.insertImage(d.db, { mime, md5, bytes }, now);
    return { id, mime, size: bytes.byteLength, md5 };
  })();
}

/** Reads a picked file (uploaded by the renderer, or any path the CLI is given) and stores it. */
export function addImageFile(d: ServiceDeps, file: string): ImageDto {
  const name = path.basename(file).replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/, '');
  let bytes: Buffer;
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
    bytes = readCapped(file);
  } catch {
    throw invalid(d.locale, 'broadcast.imageUnreadable', { name });
  }
  return storeImage(d, bytes, name);
}

export function mustGetImage(d: Pick<ServiceDeps, 'db' | 'locale'>, id: number): ImageDto {
  const r = repo.getImage(d.db, id);
  if (!r) throw appError(d.locale, 'NOT_FOUND', { what: t(d.locale, 'what.image'), id });
  return r;
}

/** The picture as a data: URL for the renderer's thumbnail and clipboard (≤ 2 MB, so ≤ 2.7 MB of text). */
export function imageDataUrl(d: Pick<ServiceDeps, 'db' | 'locale'>, id: number): ImageDto & { dataUrl: string } {
  const meta = mustGetImage(d, id);
  const b = repo.imageBytes(d.db, id)!;
  return { ...meta, dataUrl: `data:${b.mime};base64,${b.bytes.toString('base64')}` };
}
