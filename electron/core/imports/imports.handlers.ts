import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { iso, isoRequired } from '../clock';
import { detectFormat } from '../importers/registry';
import { previewTable } from '../importers/generic-table.importer';
import { ImportError, type ColumnMap } from '../importers/types';
import { headerSignature, rememberedColumnMap } from './column-maps';
import type { ImportBatchDto } from '../../../shared/api/imports';
import { appError } from '../i18n/messages';
import { IMPORTERS } from '../importers/registry';
import type { AreaHandlers } from '../registry';
import { listBatches, undoBatch, type ImportBatchRow } from './imports.service';

/** zod leaves unset optional keys as undefined; the importer wants them absent. */
function compactColumnMap(m: { time: string; senderName: string; text: string; group?: string | undefined; senderId?: string | undefined }): ColumnMap {
  const out: ColumnMap = { time: m.time, senderName: m.senderName, text: m.text };
  if (m.group) out.group = m.group;
  if (m.senderId) out.senderId = m.senderId;
  return out;
}

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
  'imports.inspect': async (req, ctx) => {
    const file = path.resolve(req.path);
    const name = path.basename(file);
    try {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new ImportError(name, {}, 'io', 'file not found');
      const { importer } = await detectFormat(file);
      if (importer.format !== 'generic-csv' && importer.format !== 'generic-xlsx') return { format: importer.format };
      const t = await previewTable({ path: file, name }, importer.format);
      const remembered = rememberedColumnMap(ctx.db, headerSignature(importer.format, t.headers));
      return { format: importer.format, table: { headers: t.headers, rows: t.rows, map: remembered ?? t.guess, remembered: !!remembered } };
    } catch (e) {
      if (e instanceof ImportError) throw new AppError('BAD_REQUEST', e.message);
      throw e;
    }
  },
  'imports.start': (req, ctx) => {
    const jobId = ctx.jobs.start({
      dbPath: ctx.workspaces.info().path,
      file: req.path,
      mode: req.mode,
      ...(req.format ? { format: req.format } : {}),
      ...(req.timeZone ? { timeZone: req.timeZone } : {}),
      ...(req.mapping ? { mapping: req.mapping as never } : {}),
      ...(req.columnMap ? { columnMap: compactColumnMap(req.columnMap) } : {}),
      // The worker opens its own connection: in the app it needs the Electron build of better-sqlite3 too.
      ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}),
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
    ctx.emit('inbox.changed', { groupIds: null, reason: 'import' });
    return toDto(listBatches(ctx.db, 1_000_000).find((b) => b.id === req.batchId)!);
  },
};
