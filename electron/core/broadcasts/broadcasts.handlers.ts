import { newDownload } from '../files/downloads';
import { t } from '../i18n/messages';
import type { AreaHandlers } from '../registry';
import * as b from './broadcasts.service';
import * as templates from './broadcast-templates.service';
import { addImageFile, imageDataUrl } from './broadcast-images.service';
import { fileStamp } from '../clock';

/** Recurring broadcasts are calendar columns: their four methods are served by calendar/calendar.handlers.ts. */
export type RecurringMethods = 'broadcasts.createSchedule' | 'broadcasts.listSchedules' | 'broadcasts.setSchedulePaused' | 'broadcasts.deleteSchedule';

export const broadcastsHandlers: Omit<AreaHandlers<'broadcasts.'>, RecurringMethods> = {
  'broadcasts.settings': (_req, ctx) => b.getBroadcastSettings(ctx.db),
  'broadcasts.setSettings': (req, ctx) => b.setBroadcastSettings(ctx.db, req.settings),
  'broadcasts.plan': (req, ctx) => b.previewBroadcast(ctx.deps, req),
  'broadcasts.create': (req, ctx) => {
    const r = b.createFromDraft(ctx.deps, req);
    ctx.outbox()?.kick();
    ctx.emit('broadcast.progress', { broadcastId: r.id });
    return r;
  },
  'broadcasts.list': (req, ctx) => b.listBroadcasts(ctx.db, req.limit),
  'broadcasts.report': (req, ctx) => b.report(ctx.deps, req.id),
  'broadcasts.markManual': (req, ctx) => {
    const r = b.markManual(ctx.deps, req.targetId, req.done, req.by || t(ctx.locale, 'actor.operator'));
    ctx.emit('broadcast.progress', { broadcastId: b.broadcastOfTarget(ctx.deps, req.targetId) });
    return r;
  },
  'broadcasts.resolveUncertain': (req, ctx) => {
    const r = b.resolveUncertain(ctx.deps, req.targetId, req.resolution, t(ctx.locale, 'actor.operator'));
    // 'resend' queues the target again; 'sent' may queue the picture that was still to follow.
    if (r.status === 'queued') ctx.outbox()?.kick();
    ctx.emit('broadcast.progress', { broadcastId: b.broadcastOfTarget(ctx.deps, req.targetId) });
    return r;
  },
  'broadcasts.retryFailed': (req, ctx) => {
    const requeued = b.retryFailed(ctx.deps, req.id, t(ctx.locale, 'actor.operator'));
    ctx.outbox()?.kick();
    ctx.emit('broadcast.progress', { broadcastId: req.id });
    return { requeued };
  },
  'broadcasts.cancel': (req, ctx) => {
    const cancelled = b.cancelBroadcast(ctx.deps, req.id, t(ctx.locale, 'actor.operator'));
    ctx.emit('broadcast.progress', { broadcastId: req.id });
    return { cancelled };
  },
  'broadcasts.exportReport': async (req, ctx) => {
    const file = newDownload(`${t(ctx.locale, 'export.broadcastFile')}-${req.id}-${fileStamp(ctx.now())}.${req.format}`);
    const r = await b.exportReport(ctx.deps, req.id, req.format, file.path);
    return { fileId: file.fileId, name: file.name, rows: r.rows };
  },
  'broadcasts.addImage': (req, ctx) => addImageFile(ctx.deps, req.path),
  'broadcasts.image': (req, ctx) => imageDataUrl(ctx.deps, req.id),
  'broadcasts.variables': (_req, ctx) => b.listVariables(ctx.deps),
  'broadcasts.listTemplates': (_req, ctx) => templates.listTemplates(ctx.deps),
  'broadcasts.saveTemplate': (req, ctx) => templates.saveTemplate(ctx.deps, req),
  'broadcasts.deleteTemplate': (req, ctx) => ({ deleted: templates.deleteTemplate(ctx.deps, req.id) }),
};
