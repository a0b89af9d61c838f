import type { Migration } from './index';

/**
 * The inbox and its search.
 *
 * - messages.flags: bit 1 unread, 2 starred, 4 spam/ad, 8 question, 16 has attachments. One
 *   column keeps the row small; the unread bit has a partial index so "unread only" pages are
 *   index scans, and groups.unread_count is its maintained counter (the sidebar never counts).
 * - message_search: FTS5 over a search body the core computes (qz_search_body, see
 *   services/search-text.ts). Contentless: the text lives once, in messages. Its rowid is the
 *   message's time in seconds shifted left 31 bits, or'ed with the message id, so the index
 *   itself is in newest-first order: `ORDER BY rowid DESC LIMIT 50` stops after 50 matches
 *   instead of sorting every match. Triggers keep it current for every writer; a bulk import
 *   drops the insert trigger while it loads and indexes its rows in one statement after.
 */
export const SEARCH_KEY_SQL = (alias: string) => `((max(${alias}.sent_at, 0) / 1000) << 31) | ${alias}.id`;

export const SEARCH_INSERT_TRIGGER = `
  CREATE TRIGGER IF NOT EXISTS messages_search_insert AFTER INSERT ON messages WHEN new.text != '' BEGIN
    INSERT INTO message_search (rowid, body) VALUES (${SEARCH_KEY_SQL('new')}, qz_search_body(new.text));
  END`;

export const m0003: Migration = {
  version: 3,
  name: 'inbox',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX messages_unread ON messages (sent_at, id) WHERE flags & 1;
      CREATE INDEX messages_group_unread ON messages (group_id, sent_at, id) WHERE flags & 1;
      -- Direct replies of a message, and staff answers to questions.
      CREATE INDEX messages_reply ON messages (group_id, reply_to_key) WHERE reply_to_key IS NOT NULL;

      ALTER TABLE groups ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE groups ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

      -- Attachments as references (file name or URL from the export; files are not copied).
      CREATE TABLE message_attachments (
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('image', 'file', 'voice', 'video', 'sticker', 'link', 'other')),
        ref TEXT NOT NULL,
        PRIMARY KEY (message_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE VIRTUAL TABLE message_search USING fts5 (
        body,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1'
      );
      ${SEARCH_INSERT_TRIGGER};
      CREATE TRIGGER messages_search_delete AFTER DELETE ON messages WHEN old.text != '' BEGIN
        DELETE FROM message_search WHERE rowid = ${SEARCH_KEY_SQL('old')};
      END;
      CREATE TRIGGER messages_search_update AFTER UPDATE OF text, sent_at ON messages BEGIN
        DELETE FROM message_search WHERE rowid = ${SEARCH_KEY_SQL('old')};
        INSERT INTO message_search (rowid, body) SELECT ${SEARCH_KEY_SQL('new')}, qz_search_body(new.text) WHERE new.text != '';
      END;

      INSERT INTO message_search (rowid, body) SELECT ${SEARCH_KEY_SQL('m')}, qz_search_body(m.text) FROM messages m WHERE m.text != '';
      UPDATE messages SET flags = flags | 8 WHERE qz_is_question(text);
    `);
  },
};
