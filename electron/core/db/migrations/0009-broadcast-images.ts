import type { Migration } from './index';

/**
 * Images in broadcasts (#6 item 2):
 *  - broadcast_images: the picture itself (JPG or PNG, at most 2 MB, checked by its magic bytes
 *    when it is added), kept in the database so a report, an export or the outbox never depends
 *    on a temporary file.
 *  - broadcasts.image_id: the broadcast's picture, if any.
 *  - broadcast_targets.image_id: set when this target receives the picture: a WeCom robot posts it
 *    as a second request after the text; a manual or owner-confirm checklist offers it to copy.
 *    DingTalk and Feishu robots cannot post a local picture, so their targets have none.
 *  - broadcast_targets.parts_done: requests of this target that are known to have arrived (0, 1
 *    or 2), advanced in the transaction that records each request's outcome; the outbox sends
 *    part `parts_done` next, so a text that went out is never sent again for the picture.
 *  - broadcast_targets.part_attempts: attempts at the current part (the retry cap is per part;
 *    `attempts` still counts every request of the target). Existing rows have one part, so the
 *    two counts start equal.
 */
export const m0009: Migration = {
  version: 9,
  name: 'broadcast-images',
  up(db) {
    db.exec(`
      CREATE TABLE broadcast_images (
        id INTEGER PRIMARY KEY,
        mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg')),
        size INTEGER NOT NULL CHECK (size > 0 AND size <= 2097152),
        md5 TEXT NOT NULL,
        bytes BLOB NOT NULL CHECK (length(bytes) = size),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX broadcast_images_md5 ON broadcast_images (md5);
      ALTER TABLE broadcasts ADD COLUMN image_id INTEGER REFERENCES broadcast_images(id);
      ALTER TABLE broadcast_targets ADD COLUMN image_id INTEGER REFERENCES broadcast_images(id);
      ALTER TABLE broadcast_targets ADD COLUMN parts_done INTEGER NOT NULL DEFAULT 0 CHECK (parts_done BETWEEN 0 AND 2);
      ALTER TABLE broadcast_targets ADD COLUMN part_attempts INTEGER NOT NULL DEFAULT 0;
      UPDATE broadcast_targets SET part_attempts = attempts;
      CREATE INDEX broadcasts_image ON broadcasts (image_id) WHERE image_id IS NOT NULL;
      CREATE INDEX broadcast_targets_image ON broadcast_targets (image_id) WHERE image_id IS NOT NULL;
    `);
  },
};
