import fs from 'node:fs';
import { newDownload } from '../files/downloads';
import type { AreaHandlers, Ctx } from '../registry';
import * as cases from './cases.service';
import { exportBook, exportCase, type ExportedFile } from './case-export-io';

const deps = (ctx: Ctx): cases.CaseDeps => ({ db: ctx.db, locale: ctx.locale, now: ctx.now });

/** Hands a finished document to the renderer as a download id (no path reaches the page). */
function download(file: ExportedFile) {
  const dl = newDownload(file.name);
  fs.writeFileSync(dl.path, file.data);
  return { fileId: dl.fileId, name: dl.name, bytes: file.data.length, missingConsent: file.missingConsent, missingImages: file.missingImages };
}

export const casesHandlers: AreaHandlers<'cases.'> = {
  'cases.create': (req, ctx) => cases.createCase(deps(ctx), req),
  'cases.get': (req, ctx) => cases.getCase(deps(ctx), req.id),
  'cases.update': (req, ctx) => cases.updateCase(deps(ctx), req),
  'cases.addMessages': (req, ctx) => cases.addMessages(deps(ctx), req),
  'cases.removeMessages': (req, ctx) => cases.removeMessages(deps(ctx), req),
  'cases.reorderMessages': (req, ctx) => cases.reorderMessages(deps(ctx), req),
  'cases.editMessage': (req, ctx) => cases.editMessage(deps(ctx), req),
  'cases.setRedaction': (req, ctx) => cases.setRedaction(deps(ctx), req),
  'cases.setParticipant': (req, ctx) => cases.setParticipant(deps(ctx), req),
  'cases.setConsent': (req, ctx) => cases.setConsent(deps(ctx), req),
  'cases.list': (req, ctx) => cases.listCases(deps(ctx), req),
  'cases.tags': (_req, ctx) => cases.caseTags(ctx.db),
  'cases.duplicate': (req, ctx) => cases.duplicateCase(deps(ctx), req),
  'cases.delete': (req, ctx) => {
    cases.deleteCase(deps(ctx), req.id);
    return { ok: true as const };
  },
  'cases.settings': (_req, ctx) => cases.getCaseSettings(ctx.db),
  'cases.setSettings': (req, ctx) => cases.setCaseSettings(ctx.db, req),
  'cases.export': async (req, ctx) => download(await exportCase(deps(ctx), req.id, req.format, { renderer: ctx.documentRenderer })),
  'cases.exportBook': async (req, ctx) => download(await exportBook(deps(ctx), req, req.format, { renderer: ctx.documentRenderer })),
};
