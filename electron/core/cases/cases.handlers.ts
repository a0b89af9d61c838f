import fs from 'node:fs';
import { newDownload } from '../files/downloads';
import type { AreaHandlers } from '../registry';
import * as cases from './cases.service';
import { exportBook, exportCase, type ExportedFile } from './case-export-io';

/** Hands a finished document to the renderer as a download id (no path reaches the page). */
function download(file: ExportedFile) {
  const dl = newDownload(file.name);
  fs.writeFileSync(dl.path, file.data);
  return { fileId: dl.fileId, name: dl.name, bytes: file.data.length, missingConsent: file.missingConsent, missingImages: file.missingImages };
}

export const casesHandlers: AreaHandlers<'cases.'> = {
  'cases.create': (req, ctx) => cases.createCase(ctx.deps, req),
  'cases.get': (req, ctx) => cases.getCase(ctx.deps, req.id),
  'cases.update': (req, ctx) => cases.updateCase(ctx.deps, req),
  'cases.addMessages': (req, ctx) => cases.addMessages(ctx.deps, req),
  'cases.removeMessages': (req, ctx) => cases.removeMessages(ctx.deps, req),
  'cases.reorderMessages': (req, ctx) => cases.reorderMessages(ctx.deps, req),
  'cases.editMessage': (req, ctx) => cases.editMessage(ctx.deps, req),
  'cases.setRedaction': (req, ctx) => cases.setRedaction(ctx.deps, req),
  'cases.setParticipant': (req, ctx) => cases.setParticipant(ctx.deps, req),
  'cases.setConsent': (req, ctx) => cases.setConsent(ctx.deps, req),
  'cases.list': (req, ctx) => cases.listCases(ctx.deps, req),
  'cases.tags': (_req, ctx) => cases.caseTags(ctx.db),
  'cases.duplicate': (req, ctx) => cases.duplicateCase(ctx.deps, req),
  'cases.delete': (req, ctx) => {
    cases.deleteCase(ctx.deps, req.id);
    return { ok: true as const };
  },
  'cases.settings': (_req, ctx) => cases.getCaseSettings(ctx.db),
  'cases.setSettings': (req, ctx) => cases.setCaseSettings(ctx.db, req),
  'cases.export': async (req, ctx) => download(await exportCase(ctx.deps, req.id, req.format, { renderer: ctx.documentRenderer })),
  'cases.exportBook': async (req, ctx) => download(await exportBook(ctx.deps, req, req.format, { renderer: ctx.documentRenderer })),
};
