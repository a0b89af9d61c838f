/**
 * Files the core writes for the user to save (roster exports, reports): kept in a private temp
 * folder under a random id, fetched by the renderer through the bridge or the app:// protocol
 * (`/api/download?id=…`) and saved where the user chooses. No path reaches the page.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { safeFileName } from '../../../shared/file-name';

export function downloadDir(): string {
  return path.join(os.tmpdir(), `qunzhu-downloads-${process.pid}`);
}

/** A new file to write: its id (for the download URL) and where to write it. */
export function newDownload(name: string, dir = downloadDir()): { fileId: string; path: string; name: string } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const safe = safeFileName(name);
  const fileId = `${crypto.randomUUID()}-${safe}`;
  return { fileId, path: path.join(dir, fileId), name: safe };
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[^/\\]+$/;

/** The file of an id, or null when the id is malformed or names nothing. */
export function downloadFile(fileId: string, dir = downloadDir()): { path: string; name: string } | null {
  if (!ID.test(fileId) || fileId.includes('..')) return null;
  const file = path.join(dir, fileId);
  if (path.resolve(path.dirname(file)) !== path.resolve(dir) || !fs.existsSync(file)) return null;
  return { path: file, name: fileId.slice(37) };
}

export function clearDownloads(dir = downloadDir()): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
