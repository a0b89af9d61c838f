import type { Migration } from './index';

/**
 * Case-study archives (#7).
 *
 *  - cases: a curated discussion. `group_id` is the source group (SET NULL when the group is
 *    deleted; `group_name` keeps what it was called). `first_at`/`last_at` are derived from the
 *    case's messages by the service whenever they change, so the archive list never scans them.
 *  - case_tags: free-text tags of three kinds (product, pain point, outcome), one row each, so a
 *    tag filter is an index lookup.
 *  - case_messages: each picked message is a *snapshot* (sender, time, kind, text, attachment
 *    references) taken when it is added. A case is a document the operator curated and may already
 *    have shared; deleting the message elsewhere (an import rolled back, a group removed) must not
 *    change or break it. `message_id` is the message's id when it was picked and stays forever
 *    (redaction finding ids `messageId:start:kind` name it); `source_id` is the live link to
 *    `messages`, SET NULL when that message is deleted, so the editor can say "no longer in the
 *    workspace". `text_override` is the trimmed text (NULL: the original).
 *  - case_participants: people who speak or are @-mentioned in the case, with a role (owner, kol,
 *    member: the role label), an optional label override, and consent with its date and note.
 *    `member_id` and `name` (like case_messages.sender_id/sender_name) are a snapshot without a
 *    foreign key, for the same reason: a consent record must outlive the member row.
 *  - case_redactions: finding ids the operator switched off (kept original) in this case.
 *  - case_search: the archive's Chinese search, the same chunked FTS5 body as message_search
 *    (qz_search_body) over the title, summary, tags, annotations and message texts; rowid = case
 *    id. The service rewrites a case's row whenever any of those change.
 */
export const m0011: Migration = {
  version: 11,
  name: 'cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        summary TEXT NOT NULL DEFAULT '',
        group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL,
        group_name TEXT NOT NULL DEFAULT '',
        first_at INTEGER,
        last_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cases_created ON cases (created_at, id);
      CREATE INDEX cases_group ON cases (group_id) WHERE group_id IS NOT NULL;

      CREATE TABLE case_tags (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('product', 'pain', 'outcome')),
        tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
        -- A rowid table: tags keep the order the operator gave them.
        UNIQUE (case_id, kind, tag)
      ) STRICT;
      CREATE INDEX case_tags_tag ON case_tags (tag, case_id);

      CREATE TABLE case_messages (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        message_id INTEGER NOT NULL,
        source_id INTEGER REFERENCES messages (id) ON DELETE SET NULL,
        position INTEGER NOT NULL,
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        text_override TEXT,
        annotation TEXT NOT NULL DEFAULT '',
        sender_id INTEGER,
        sender_name TEXT NOT NULL DEFAULT '',
        sent_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        attachments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attachments)),
        PRIMARY KEY (case_id, message_id)
      ) STRICT, WITHOUT ROWID;
      -- The foreign key's own index: deleting a message looks up the case rows that name it.
      CREATE INDEX case_messages_source ON case_messages (source_id) WHERE source_id IS NOT NULL;

      CREATE TABLE case_participants (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'kol', 'member')),
        label TEXT CHECK (label IS NULL OR length(label) BETWEEN 1 AND 20),
        consent TEXT NOT NULL DEFAULT 'not-asked' CHECK (consent IN ('not-asked', 'asked', 'granted', 'declined')),
        consent_at INTEGER,
        consent_note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (case_id, member_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE case_redactions (
        case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        finding_id TEXT NOT NULL CHECK (length(finding_id) <= 100),
        PRIMARY KEY (case_id, finding_id)
      ) STRICT, WITHOUT ROWID;

      CREATE VIRTUAL TABLE case_search USING fts5 (
        body,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1'
      );
    `);
  },
};
