import type { Migration } from './index';

/**
 * Sending channels, first set: group robots (WeCom, DingTalk, Feishu webhooks). A robot posts into
 * one group chat, so it names the group it reaches. Its key, token and signing secret are sealed
 * with the workspace's data key (core/secrets.ts) and never stored or returned in the clear;
 * `masked` is what the UI shows. `locked_until` remembers a platform lockout (DingTalk's ten
 * minutes) across restarts.
 */
export const m0006: Migration = {
  version: 6,
  name: 'robots',
  up(db) {
    db.exec(`
      CREATE TABLE robots (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        platform TEXT NOT NULL CHECK (platform IN ('wecom', 'dingtalk', 'feishu')),
        group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
        sealed BLOB NOT NULL,
        masked TEXT NOT NULL,
        signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
        base_url TEXT,
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        locked_until INTEGER,
        last_test_at INTEGER,
        last_test_ok INTEGER,
        last_test_reason TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX robots_group ON robots (group_id);
    `);
  },
};
