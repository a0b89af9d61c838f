import { z } from 'zod';
import { GroupClass, Platform } from '../domain/enums';
import { AutoTag } from '../domain/roster';
import { InboxGroupDto, MessageDto, SenderCardDto } from '../domain/message';
import { method } from './define';

const Id = z.number().int().positive();
const IsoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date' });

/** Filters that combine (AND). Every field is optional; absent means "any". */
export const InboxFilter = z.object({
  groupIds: z.array(Id).max(5000).optional(),
  platforms: z.array(Platform).max(20).optional(),
  unreadOnly: z.boolean().optional(),
  questionsOnly: z.boolean().optional(),
  starredOnly: z.boolean().optional(),
  hasAttachment: z.boolean().optional(),
  /** Messages whose sender carries one of these tags in that message's group. */
  senderTags: z.array(AutoTag).max(5).optional(),
  /** Groups of these computed (or overridden) classes. */
  groupClasses: z.array(GroupClass).max(4).optional(),
  /** Groups a saved group segment selects. */
  groupSegmentId: Id.optional(),
  /** Hides messages flagged as spam/ads unless true. */
  includeSpam: z.boolean().optional(),
  /** Inclusive lower bound. */
  since: IsoDate.optional(),
  /** Exclusive upper bound. */
  until: IsoDate.optional(),
});
export type InboxFilter = z.input<typeof InboxFilter>;

/**
 * Keyset pages: a cursor names the last message of a page (opaque to the caller). 'older'
 * pages go down the newest-first list from the cursor; 'newer' go up from it (for messages
 * that arrived above the reader, and for pages around a message opened from search).
 */
export const ListMessagesReq = z.object({
  filter: InboxFilter.default({}),
  cursor: z.string().max(100).nullable().default(null),
  direction: z.enum(['older', 'newer']).default('older'),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListMessagesReq = z.input<typeof ListMessagesReq>;

export const MessagePage = z.object({
  items: z.array(MessageDto),
  /** Cursor of the last item, for the next page in the same direction; null at the end. */
  next: z.string().nullable(),
  /** Cursor of the first item (to page the other way from this page). */
  first: z.string().nullable(),
});
export type MessagePage = z.infer<typeof MessagePage>;

export const SearchReq = z.object({
  /** Terms (all must match), "quoted phrases", from:名字, group:群名, after:/before: dates. */
  query: z.string().max(500),
  filter: InboxFilter.default({}),
  cursor: z.string().max(100).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
});
export type SearchReq = z.input<typeof SearchReq>;

export const SEARCH_COUNT_CAP = 10_000;

export const inboxApi = {
  'inbox.list': method(ListMessagesReq, MessagePage),
  'inbox.groups': method(z.object({}).default({}), z.object({ groups: z.array(InboxGroupDto), unread: z.number().int() })),
  'inbox.get': method(z.object({ id: Id }), MessageDto),
  /** A message in its group's timeline: messages around it, its reply chain (oldest first) and direct replies. */
  'inbox.context': method(
    z.object({ id: Id, around: z.number().int().min(0).max(100).default(20) }),
    z.object({ message: MessageDto, before: z.array(MessageDto), after: z.array(MessageDto), chain: z.array(MessageDto), replies: z.array(MessageDto) }),
  ),
  'inbox.sender': method(z.object({ memberId: Id }), SenderCardDto),
  /** Mark read/unread: given messages, or a whole group (optionally only up to a message). */
  'inbox.mark': method(
    z.union([
      z.object({ ids: z.array(Id).min(1).max(5000), read: z.boolean() }),
      z.object({ groupId: Id, upToId: Id.optional(), read: z.boolean() }),
    ]),
    z.object({ changed: z.number().int() }),
  ),
  'inbox.flag': method(z.object({ ids: z.array(Id).min(1).max(5000), starred: z.boolean().optional(), spam: z.boolean().optional() }), z.object({ changed: z.number().int() })),
  'inbox.pin': method(z.object({ groupId: Id, pinned: z.boolean() }), z.object({ ok: z.literal(true) })),
  /**
   * Questions nobody from staff (owner/admin) or a KOL of the group answered within
   * `withinMinutes`: by priority (the group's value class, then the asker's tag), or newest first.
   */
  'inbox.unanswered': method(
    z.object({
      withinMinutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
      days: z.number().int().min(1).max(90).default(7),
      limit: z.number().int().min(1).max(500).default(100),
      groupIds: z.array(Id).max(5000).optional(),
      sort: z.enum(['priority', 'newest']).default('priority'),
    }),
    z.object({
      items: z.array(MessageDto.extend({ waitingMinutes: z.number().int(), askerRole: z.enum(['owner', 'admin', 'member']), askerTags: z.array(AutoTag), groupClass: GroupClass.nullable() })),
    }),
  ),
  /**
   * A reply. No connector can send yet, so every reply is a manual task: the core returns the
   * copy-ready text (quoting the message) for the operator to paste in the group's own client.
   */
  'inbox.reply': method(z.object({ id: Id, text: z.string().trim().min(1).max(4000) }), z.object({ mode: z.literal('manual'), copyText: z.string(), groupName: z.string(), platform: Platform })),
  'search.messages': method(SearchReq, MessagePage.extend({ terms: z.array(z.string()) })),
  /** Counted lazily, capped: { count: 10000, capped: true } reads "10,000+". */
  'search.count': method(SearchReq.pick({ query: true, filter: true }), z.object({ count: z.number().int(), capped: z.boolean() })),
};
