import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { t } from '../i18n/messages';
import type { ColumnMap } from '../importers/types';
import { IMPORTERS } from '../importers/registry';
import type { AreaHandlers } from '../registry';
import { importHistory, inspectFile, undoImport } from './imports.service';

/** zod leaves unset optional keys as undefined; the importer wants them absent. */
function compactColumnMap(m: { time: string; senderName: string; text: string; group?: string | undefined; senderId?: string | undefined }): ColumnMap {
  const out: ColumnMap = { time: m.time, senderName: m.senderName, text: m.text };
  if (m.group) out.group = m.group;
  if (m.senderId) out.senderId = m.senderId;
  return out;
}

export const importsHandlers: AreaHandlers<'imports.'> = {
  'imports.formats': () => IMPORTERS.map((i) => i.format),
  'imports.pickFile': async (_req, ctx) => {
    // Only the desktop app has a file window; browser mode and the CLI take a dropped or named file.
    if (!ctx.pickImportFile) throw new AppError('BAD_REQUEST', t(ctx.locale, 'imports.noFilePicker'));
    return { path: await ctx.pickImportFile() };
  },
  'imports.inspect': (req, ctx) => inspectFile(ctx.deps, req.path),
  'imports.start': (req, ctx) => {
    const jobId = ctx.jobs.start({
      dbPath: ctx.workspaces.info().path,
      file: req.path,
      mode: req.mode,
      locale: ctx.locale,
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
  'imports.running': (_req, ctx) =>
    ctx.jobs.list().map((j) => ({ jobId: j.jobId, mode: j.mode, path: j.path, fileName: path.basename(j.path), messages: j.progress.messages, events: j.progress.events, bytesRead: j.progress.bytesRead, totalBytes: j.progress.totalBytes })),
  'imports.history': (req, ctx) => importHistory(ctx.deps, req.limit),
  'imports.undo': (req, ctx) => {
    const batch = undoImport(ctx.deps, req.batchId);
    ctx.emit('workspace.changed', ctx.workspaces.info());
    ctx.emit('inbox.changed', { groupIds: null, reason: 'import' });
    ctx.refreshRoster();
    return batch;
  },
};
