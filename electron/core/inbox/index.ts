/**
 * Inbox: messages (stored, paged newest first, flagged read/starred/spam/question, pinned) and
 * Chinese search over them, and ingest — the one path by which messages, members, memberships
 * and membership events come in, from imports, the demo and live connectors.
 *
 * Owns the tables `messages`, `message_attachments`, `message_mentions` and the FTS5 index
 * `message_search`; ingest also writes `members`, `member_names`, `memberships` and
 * `member_events` (rows the roster then reads and tags) and the groups' counters. Owns the event
 * `inbox.changed` and the live-ingest worker (jobs/live-ingest.worker.ts).
 * Other areas use only what this file exports.
 */
export { inboxHandlers, searchHandlers } from './inbox.handlers';
export { messageContext, senderCard } from './inbox.service';
export { getMessageRows, type MessageRow } from './messages.repo';
export {
  createIngestSession,
  dropMessageIndexes,
  deferSearchIndex,
  createMessageIndexes,
  ensureMessageIndexes,
  finishSession,
  ingestEvents,
  ingestMessages,
  type IncomingEvent,
  type IncomingMessage,
  type IncomingPerson,
} from './ingest.service';
export { LiveIngestQueue } from './live-ingest';
export { LiveIngestThread, type LiveIngestFromWorker, type LiveIngestToWorker, type LiveIngestWorkerData } from './live-ingest-thread';
