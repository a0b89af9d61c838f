import { z } from 'zod';
import { method } from './define';

export const IMPORT_FORMAT_IDS = ['telegram-json', 'whatsapp-txt', 'qq-txt', 'qce-json', 'discord-json', 'slack-zip', 'memotrace-csv', 'weflow-json', 'chatlab-json', 'chatlab-jsonl', 'generic-csv', 'generic-xlsx'] as const;
export const ImportFormatId = z.enum(IMPORT_FORMAT_IDS);

const ChatTarget = z.union([z.object({ groupId: z.number().int().positive() }), z.object({ create: z.object({ name: z.string().trim().min(1).max(100), platform: z.string(), groupType: z.enum(['B', 'C']) }) }), z.literal('skip')]);

/** Which header holds what, for generic CSV/XLSX. */
export const ColumnMapDto = z.object({
  time: z.string().min(1).max(200),
  senderName: z.string().min(1).max(200),
  text: z.string().min(1).max(200),
  group: z.string().max(200).optional(),
  senderId: z.string().max(200).optional(),
});
export type ColumnMapDto = z.infer<typeof ColumnMapDto>;

export const InspectResultDto = z.object({
  format: z.string(),
  /** For generic tables: the header, first rows and a mapping (remembered for this header, or guessed). */
  table: z.object({ headers: z.array(z.string()), rows: z.array(z.array(z.string())), map: ColumnMapDto.partial(), remembered: z.boolean() }).optional(),
});
export type InspectResultDto = z.infer<typeof InspectResultDto>;

export const StartImportReq = z.object({
  /** A file on this computer (the app passes the dropped file's path; browser mode uploads first). */
  path: z.string().min(1).max(4096),
  mode: z.enum(['preview', 'import']),
  format: ImportFormatId.optional(),
  timeZone: z.string().max(64).optional(),
  mapping: z.record(z.string(), ChatTarget).optional(),
  columnMap: ColumnMapDto.optional(),
});
export type StartImportReq = z.input<typeof StartImportReq>;

export const PreviewChatDto = z.object({
  key: z.string(),
  name: z.string(),
  platform: z.string(),
  kind: z.enum(['group', 'private', 'channel', 'unknown']),
  messages: z.number().int(),
  events: z.number().int(),
  senders: z.number().int(),
  firstAt: z.string().nullable(),
  lastAt: z.string().nullable(),
  samples: z.array(z.object({ sentAt: z.string(), sender: z.string(), text: z.string() })),
  /** An existing group with the same platform id, if any. */
  existingGroupId: z.number().int().nullable(),
});
export type PreviewChatDto = z.infer<typeof PreviewChatDto>;

export const ImportResultDto = z.object({
  file: z.string(),
  format: z.string(),
  status: z.enum(['done', 'failed', 'cancelled']),
  /** preview only */
  chats: z.array(PreviewChatDto).optional(),
  /** import only */
  summary: z
    .object({ batchId: z.number().int(), chats: z.number().int(), chatsSkipped: z.number().int(), messagesAdded: z.number().int(), duplicates: z.number().int(), membersAdded: z.number().int(), events: z.number().int(), groupsCreated: z.number().int() })
    .optional(),
  error: z.object({ reason: z.string(), message: z.string() }).optional(),
});
export type ImportResultDto = z.infer<typeof ImportResultDto>;

export const ImportBatchDto = z.object({
  id: z.number().int(),
  fileName: z.string(),
  format: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled', 'undone']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  chats: z.number().int(),
  messagesAdded: z.number().int(),
  duplicates: z.number().int(),
  membersAdded: z.number().int(),
  eventsAdded: z.number().int(),
  groupsCreated: z.number().int(),
  error: z.string().nullable(),
});
export type ImportBatchDto = z.infer<typeof ImportBatchDto>;

export const importsApi = {
  'imports.formats': method(z.object({}), z.array(z.string())),
  /**
   * The desktop app's own file picker, opened in the folder of the last import (app.info.filePicker
   * says whether there is one). `path` is null when the user cancelled.
   */
  'imports.pickFile': method(z.object({}), z.object({ path: z.string().nullable() })),
  /** Detects the format from content; for generic tables also returns what the column-mapping step shows. */
  'imports.inspect': method(z.object({ path: z.string().min(1).max(4096) }), InspectResultDto),
  /** Starts a preview or an import off the UI thread; progress and the result arrive as `import.progress` events. */
  'imports.start': method(StartImportReq, z.object({ jobId: z.string() })),
  'imports.cancel': method(z.object({ jobId: z.string() }), z.object({ cancelled: z.boolean() })),
  /**
   * The jobs running now (oldest first) with their latest progress: a page opened or reloaded
   * while a job runs attaches to it (its progress, its cancel, its end) instead of showing a
   * history row stuck at 进行中.
   */
  'imports.running': method(
    z.object({}).default({}),
    z.array(z.object({ jobId: z.string(), mode: z.enum(['preview', 'import']), path: z.string(), fileName: z.string(), messages: z.number().int(), events: z.number().int(), bytesRead: z.number(), totalBytes: z.number() })),
  ),
  'imports.history': method(z.object({ limit: z.number().int().min(1).max(1000).default(200) }), z.array(ImportBatchDto)),
  'imports.undo': method(z.object({ batchId: z.number().int().positive() }), ImportBatchDto),
};
