/** The `broadcast_images` table: its statements, its rows and the row → DTO converter. */
import type { ImageDto } from '../../../shared/api/broadcasts';
import type { Db } from '../db/open';

export type ImageMime = 'image/png' | 'image/jpeg';

export interface ImageRow {
  id: number;
  mime: ImageMime;
  size: number;
  md5: string;
}

export const toImageDto = (r: ImageRow): ImageDto => ({ id: r.id, mime: r.mime, size: r.size, md5: r.md5 });

/** Deletes pictures added before `before` that no broadcast or target refers to. */
export function deleteUnusedImages(db: Db, before: number): void {
  db.prepare(
    `DELETE FROM broadcast_images WHERE created_at < ?
           AND NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.image_id = broadcast_images.id)
           AND NOT EXISTS (SELECT 1 FROM broadcast_targets t WHERE t.image_id = broadcast_images.id)`,
  ).run(before);
}

/** The pictures with this hash and size, bytes included (the caller compares them). */
export function imagesLike(db: Db, md5: string, size: number): (ImageRow & { bytes: Buffer })[] {
  return db.prepare('SELECT id, mime, size, md5, bytes FROM broadcast_images WHERE md5 = ? AND size = ?').all(md5, size) as (ImageRow & { bytes: Buffer })[];
}

export function touchImage(db: Db, id: number, at: number): void {
  db.prepare('UPDATE broadcast_images SET created_at = ? WHERE id = ?').run(at, id);
}

export function insertImage(db: Db, img: { mime: ImageMime; md5: string; bytes: Uint8Array }, now: number): number {
  return Number(db.prepare('INSERT INTO broadcast_images (mime, size, md5, bytes, created_at) VALUES (?, ?, ?, ?, ?)').run(img.mime, img.bytes.byteLength, img.md5, Buffer.from(img.bytes), now).lastInsertRowid);
}

export function getImage(db: Db, id: number): ImageDto | null {
  const r = db.prepare('SELECT id, mime, size, md5 FROM broadcast_images WHERE id = ?').get(id) as ImageRow | undefined;
  return r ? toImageDto(r) : null;
}

/** The bytes, for a robot's request. */
export function imageBytes(db: Db, id: number): { bytes: Buffer; mime: ImageMime; md5: string } | null {
  return (db.prepare('SELECT bytes, mime, md5 FROM broadcast_images WHERE id = ?').get(id) as { bytes: Buffer; mime: ImageMime; md5: string } | undefined) ?? null;
}
