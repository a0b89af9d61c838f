/**
 * Workspace data is personal (members' names, their messages): its folders are 0700 and its files
 * 0600, as the key file always was, whatever the umask. Files and folders made loose by an older
 * version, or by hand, are narrowed when the core opens them. POSIX only: Windows has no mode bits
 * (its per-user profile folders already keep other users out).
 */
import fs from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const posix = process.platform !== 'win32';

/** Narrows an existing file to 0600 (missing files are ignored). */
export function makePrivate(file: string): void {
  if (!posix) return;
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Makes the folder (and missing parents) and narrows it to 0700. */
export function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix && (fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}
