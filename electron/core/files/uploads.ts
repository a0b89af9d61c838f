/**
 * Files a user drops on the window arrive as a byte stream (the bridge in browser mode, the
 * app:// protocol in Electron) and are written here before an import reads them: the renderer
 * never needs a filesystem path. Each upload gets its own private folder, where the file keeps its
 * name reduced to a safe base name; size is capped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { safeFileName } from '../../../shared/file-name';

export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024 * 1024;

export function uploadDir(): string {
  return path.join(os.tmpdir(), `qunzhu-uploads-${process.pid}`);
}

/**
 * The name an upload is kept under: the last part of what the page sent (which may still be
 * %-encoded, or a whole path), made safe by the one file-name rule (shared/file-name.ts).
 */
export function uploadFileName(raw: string): string {
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // keep it as sent
  }
  return safeFileName(path.basename(name.replace(/\\/g, '/')), { fallback: 'upload' });
}

export class UploadTooLarge extends Error {}

export async function receiveUpload(body: Readable, rawName: string, o: { dir?: string; maxBytes?: number } = {}): Promise<string> {
  const dir = o.dir ?? uploadDir();
  const max = o.maxBytes ?? MAX_UPLOAD_BYTES;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A folder per upload keeps the file's own name: the import history, and the group a WhatsApp
  // or CSV file becomes, are named after it (never after a temporary prefix).
  const folder = path.join(dir, crypto.randomUUID());
  fs.mkdirSync(folder, { mode: 0o700 });
  const target = path.join(folder, uploadFileName(rawName));
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > max) cb(new UploadTooLarge(`upload larger than ${max} bytes`));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, fs.createWriteStream(target, { mode: 0o600 }));
    return target;
  } catch (e) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw e;
  }
}

export function clearUploads(dir = uploadDir()): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
