import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();

describe('migration 0009 (broadcast images)', () => {
  it('leaves existing broadcasts without a picture, with one part, and keeps a retried target’s attempts as its part’s', () => {
    migrate(old.db, { list: migrations.slice(0, 8) });
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'wecom', '内部群', 'B', 0, 0);
      INSERT INTO broadcasts (id, name, format, title, body, targeting, scheduled_at, status, created_at, updated_at) VALUES (1, '通知', 'text', '', '正文', '{"all":true}', 0, 'sending', 0, 0);
      INSERT INTO broadcast_targets (id, broadcast_id, group_id, mode, idem_key, text, planned_at, status, attempts, next_attempt_at, updated_at) VALUES (1, 1, 1, 'auto', 'k1', '正文', 0, 'queued', 3, 10, 0);
    `);
    expect(migrate(old.db).from).toBe(8);
    expect(old.db.prepare('SELECT image_id FROM broadcasts WHERE id = 1').pluck().get()).toBeNull();
    expect(old.db.prepare('SELECT image_id, parts_done, attempts, part_attempts FROM broadcast_targets WHERE id = 1').get()).toEqual({ image_id: null, parts_done: 0, attempts: 3, part_attempts: 3 });
    expect(() => old.db.prepare('UPDATE broadcast_targets SET parts_done = 3 WHERE id = 1').run()).toThrow(/CHECK/);
    // A picture must exist to be referred to, and is a PNG or JPEG of at most 2 MB whose bytes match its size.
    expect(() => old.db.prepare('UPDATE broadcast_targets SET image_id = 99 WHERE id = 1').run()).toThrow(/FOREIGN KEY/);
    expect(() => old.db.prepare("INSERT INTO broadcast_images (mime, size, md5, bytes, created_at) VALUES ('image/gif', 1, 'x', x'00', 0)").run()).toThrow(/CHECK/);
    expect(() => old.db.prepare("INSERT INTO broadcast_images (mime, size, md5, bytes, created_at) VALUES ('image/png', 2097153, 'x', zeroblob(2097153), 0)").run()).toThrow(/CHECK/);
    const img = old.db.prepare("INSERT INTO broadcast_images (mime, size, md5, bytes, created_at) VALUES ('image/png', 2, 'x', x'0102', 0)").run().lastInsertRowid;
    old.db.prepare('UPDATE broadcasts SET image_id = ? WHERE id = 1').run(img);
    expect(() => old.db.prepare('DELETE FROM broadcast_images WHERE id = ?').run(img)).toThrow(/FOREIGN KEY/);
  });
});
