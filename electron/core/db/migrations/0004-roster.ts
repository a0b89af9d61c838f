import type { Migration } from './index';

/**
 * Member tags. `member_tags` holds the result of the last re-tag (auto tags, with the evidence
 * each rule saw) and the manual tags the operator forced on; `member_tag_overrides` holds the
 * operator's word ("KOL" or "not KOL" in this group), which always wins over the rules.
 */
export const m0004: Migration = {
  version: 4,
  name: 'roster',
  up(db) {
    db.exec(`
      CREATE TABLE member_tags (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        tag TEXT NOT NULL CHECK (tag IN ('new', 'active', 'silent', 'at-risk', 'kol')),
        source TEXT NOT NULL CHECK (source IN ('auto', 'manual')),
        evidence TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (group_id, member_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX member_tags_tag ON member_tags (tag, group_id);
      CREATE INDEX member_tags_member ON member_tags (member_id);

      CREATE TABLE member_tag_overrides (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        tag TEXT NOT NULL CHECK (tag IN ('new', 'active', 'silent', 'at-risk', 'kol')),
        state TEXT NOT NULL CHECK (state IN ('on', 'off')),
        set_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, member_id, tag)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
