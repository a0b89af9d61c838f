import { iso, isoRequired } from '../clock';
import type { ImportBatchDto } from '../../../shared/api/imports';
import { appError } from '../i18n/messages';
import { IMPORTERS } from '../importers/registry';
import type { AreaHandlers } from '../registry';
import { listBatches, undoBatch, type ImportBatchRow } from '../services/import.service';

const toDto = (r: ImportBatchRow): ImportBatchDto => ({
  id: r.id,
  fileName: r.file_name,
  format: r.format,
  status: r.status,
  startedAt: isoRequired(r.started_at),
  finishedAt: iso(r.finished_at),
  chats: r.chats,
  messagesAdded: r.messages_added,
  duplicates: r.duplicates,
  membersAdded: r.members_added,
  eventsAdded: r.events_added,
  groupsCreated: r.groups_created,
  error: r.error,
});

export const importsHandlers: AreaHandlers<'imports.'> = {
  'imports.formats': () => IMPORTERS.map((i) => i.format),
  'imports.start': (req, ctx) => {
    const jobId = ctx.jobs.start({
      dbPath: ctx.workspaces.info().path,
      file: req.path,
      mode: req.mode,
      ...(req.format ? { format: req.format } : {}),
      ...(req.timeZone ? { timeZone: req.timeZone } : {}),
      ...(req.mapping ? { mapping: req.mapping as never } : {}),
    });
    return { jobId };
  },
  'imports.cancel': (req, ctx) => ({ cancelled: ctx.jobs.cancel(req.jobId) }),
  'imports.history': (req, ctx) => listBatches(ctx.db, req.limit).map(toDto),
  'imports.undo': (req, ctx) => {
    const row = listBatches(ctx.db, 1_000_000).find((b) => b.id === req.batchId);
    if (!row) throw appError(ctx.locale, 'NOT_FOUND', { what: ctx.locale === 'en' ? 'import batch' : '导入批次', id: req.batchId });
    if (!undoBatch(ctx.db, req.batchId, ctx.now())) throw appError(ctx.locale, 'CONFLICT', { detail: ctx.locale === 'en' ? 'Only a finished import can be undone.' : '只能撤销已完成的导入。' });
    ctx.emit('workspace.changed', ctx.workspaces.info());
    return toDto(listBatches(ctx.db, 1_000_000).find((b) => b.id === req.batchId)!);
  },
};
