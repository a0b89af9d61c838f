import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../electron/core/db/migrate';
import { migrations } from '../../../../../electron/core/db/migrations';
import { getGroup, toGroupDto } from '../../../../../electron/core/groups/groups.repo';
import { emptyDbPerTest } from '../../../../helpers/tmp';

const old = emptyDbPerTest();

describe('migration 0008 (broadcast composer)', () => {
  it('gives existing groups no custom fields and keeps queued targets as they were (sent from the broadcast’s format, as before)', () => {
    migrate(old.db, { list: migrations.slice(0, 7) });
    old.db.exec(`
      INSERT INTO groups (id, platform, name, group_type, created_at, updated_at) VALUES (1, 'wecom', '内部群', 'B', 0, 0);
      INSERT INTO broadcasts (id, name, format, title, body, targeting, scheduled_at, status, created_at, updated_at) VALUES (1, '通知', 'markdown', '标题', '**正文**', '{"all":true}', 0, 'scheduled', 0, 0);
      INSERT INTO broadcast_targets (id, broadcast_id, group_id, mode, idem_key, text, planned_at, status, next_attempt_at, updated_at) VALUES (1, 1, 1, 'manual', 'k1', '**正文**', 0, 'manual-pending', NULL, 0);
    `);
    expect(migrate(old.db, { list: migrations.slice(0, 8) }).from).toBe(7);
    expect(toGroupDto(getGroup(old.db, 1)!).customFields).toEqual({});
    expect(old.db.prepare('SELECT text, delivery_format, delivery_title FROM broadcast_targets WHERE id = 1').get()).toEqual({ text: '**正文**', delivery_format: null, delivery_title: null });
    expect(() => old.db.prepare("UPDATE broadcast_targets SET delivery_format = 'html' WHERE id = 1").run()).toThrow(/CHECK/);
    old.db.prepare("INSERT INTO broadcast_templates (name, format, body, created_at, updated_at) VALUES ('早报', 'text', 'x', 0, 0)").run();
    expect(() => old.db.prepare("INSERT INTO broadcast_templates (name, format, body, created_at, updated_at) VALUES ('早报', 'text', 'y', 0, 0)").run()).toThrow(/UNIQUE/);
    // A schedule keeps its last broadcast only while that broadcast exists.
    old.db.prepare("INSERT INTO broadcast_schedules (name, draft, rule, next_at, last_broadcast_id, created_at, updated_at) VALUES ('早报', '{}', '{}', 1, 1, 0, 0)").run();
    old.db.prepare('DELETE FROM broadcasts WHERE id = 1').run();
    expect(old.db.prepare('SELECT last_broadcast_id FROM broadcast_schedules').pluck().get()).toBeNull();
  });
});
