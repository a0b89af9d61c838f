import { z } from 'zod';
import { MemberRole, MessageKind, Platform } from './enums';

/**
 * The bits of `messages.flags`, as stored (never renumber). SQL builds its conditions from these
 * (`m.flags & ${MESSAGE_FLAG.unread}`), so the partial unread indexes still match word for word.
 */
export const MESSAGE_FLAG = { unread: 1, starred: 2, spam: 4, question: 8, attachments: 16 } as const;

export const AttachmentDto = z.object({
  kind: z.enum(['image', 'file', 'voice', 'video', 'sticker', 'link', 'other']),
  /** A file name or URL as the source wrote it: a reference, not the file. */
  ref: z.string(),
});
export type AttachmentDto = z.infer<typeof AttachmentDto>;

export const MessageDto = z.object({
  id: z.number().int(),
  groupId: z.number().int(),
  groupName: z.string(),
  platform: Platform,
  sender: z.object({ id: z.number().int(), name: z.string(), platformUserId: z.string() }).nullable(),
  sentAt: z.string(),
  kind: MessageKind,
  /** Untrusted: render as text, never as HTML. */
  text: z.string(),
  replyToId: z.number().int().nullable(),
  unread: z.boolean(),
  starred: z.boolean(),
  spam: z.boolean(),
  question: z.boolean(),
  attachments: z.array(AttachmentDto),
  /** Search matches as [start, end) UTF-16 offsets into text; empty outside search. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type MessageDto = z.infer<typeof MessageDto>;

/** One row of the inbox sidebar: a group with its maintained unread counter. */
export const InboxGroupDto = z.object({
  id: z.number().int(),
  name: z.string(),
  platform: Platform,
  pinned: z.boolean(),
  unread: z.number().int(),
  messageCount: z.number().int(),
  lastMessageAt: z.string().nullable(),
});
export type InboxGroupDto = z.infer<typeof InboxGroupDto>;

export const SenderCardDto = z.object({
  id: z.number().int(),
  platform: Platform,
  platformUserId: z.string(),
  name: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  nicknames: z.array(z.string()),
  groups: z.array(z.object({ id: z.number().int(), name: z.string(), role: MemberRole, left: z.boolean() })),
  recent: z.array(MessageDto),
});
export type SenderCardDto = z.infer<typeof SenderCardDto>;
