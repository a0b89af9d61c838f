import { newDownload } from '../files/downloads';
import { appError, t } from '../i18n/messages';
import type { AreaHandlers, Ctx } from '../registry';
import * as b from './broadcasts.service';
import type { PlannedWithText } from './broadcasts.service';
import * as templates from './broadcast-templates.service';
import * as schedules from './broadcast-schedules.service';
import { addImageFile, imageDataUrl } from './broadcast-images.service';
import { fileStamp, iso } from '../clock';

const deps = (ctx: Ctx): b.BroadcastDeps => ({ db: ctx.db, locale: ctx.locale, now: ctx.now });

function input(req: { name: string; format: 'text' | 'markdown'; title?: string | undefined; body: string; targeting: b.Targeting; at?: string | undefined; imageId?: number | undefined }, ctx: Ctx): b.BroadcastInput {
  return {
    name: req.name,
    format: req.format,
    ...(req.title ? { title: req.title } : {}),
    body: req.body,
    targeting: req.targeting,
    ...(req.at ? { at: Date.parse(req.at) } : {}),
    ...(req.imageId !== undefined ? { imageId: req.imageId } : {}),
    caps: b.capsOf(b.getBroadcastSettings(ctx.db)),
  };
}

const plannedDto = (p: PlannedWithText) => ({ ...p, plannedAt: iso(p.plannedAt) });

export const broadcastsHandlers: AreaHandlers<'broadcasts.'> = {
  'broadcasts.settings': (_req, ctx) => b.getBroadcastSettings(ctx.db),
  'broadcasts.setSettings': (req, ctx) => b.setBroadcastSettings(ctx.db, req.settings),
  'broadcasts.plan': (req, ctx) => {
    const plan = b.planBroadcast(deps(ctx), input(req, ctx));
    return { at: iso(plan.at)!, targets: plan.targets.map(plannedDto), summary: plan.summary, confirmOver: b.getBroadcastSettings(ctx.db).confirmOver };
  },
  'broadcasts.create': (req, ctx) => {
    const d = deps(ctx);
    confirmCount(ctx, req.targeting, req.confirmTargets);
    const r = b.createBroadcast(d, input(req, ctx));
    ctx.outbox()?.kick();
    ctx.emit('broadcast.progress', { broadcastId: r.id });
    return { id: r.id, summary: r.plan.summary };
  },
  'broadcasts.list': (req, ctx) => b.listBroadcasts(ctx.db, req.limit),
  'broadcasts.report': (req, ctx) => b.report(deps(ctx), req.id),
  'broadcasts.markManual': (req, ctx) => {
    const r = b.markManual(deps(ctx), req.targetId, req.done, req.by || t(ctx.locale, 'actor.operator'));
    ctx.emit('broadcast.progress', { broadcastId: broadcastOf(ctx, req.targetId) });
    return r;
  },
  'broadcasts.resolveUncertain': (req, ctx) => {
    const r = b.resolveUncertain(deps(ctx), req.targetId, req.resolution, t(ctx.locale, 'actor.operator'));
    // 'resend' queues the target again; 'sent' may queue the picture that was still to follow.
    if (r.status === 'queued') ctx.outbox()?.kick();
    ctx.emit('broadcast.progress', { broadcastId: broadcastOf(ctx, req.targetId) });
    return r;
  },
  'broadcasts.retryFailed': (req, ctx) => {
    const requeued = b.retryFailed(deps(ctx), req.id, t(ctx.locale, 'actor.operator'));
    ctx.outbox()?.kick();
    ctx.emit('broadcast.progress', { broadcastId: req.id });
    return { requeued };
  },
  'broadcasts.cancel': (req, ctx) => {
    const cancelled = b.cancelBroadcast(deps(ctx), req.id, t(ctx.locale, 'actor.operator'));
    ctx.emit('broadcast.progress', { broadcastId: req.id });
    return { cancelled };
  },
  'broadcasts.exportReport': async (req, ctx) => {
    const file = newDownload(`${t(ctx.locale, 'export.broadcastFile')}-${req.id}-${fileStamp(ctx.now())}.${req.format}`);
    const r = await b.exportReport(deps(ctx), req.id, req.format, file.path);
    return { fileId: file.fileId, name: file.name, rows: r.rows };
  },
  'broadcasts.addImage': (req, ctx) => addImageFile(deps(ctx), req.path),
  'broadcasts.image': (req, ctx) => imageDataUrl(ctx, req.id),
  'broadcasts.variables': (_req, ctx) => b.listVariables(ctx),
  'broadcasts.listTemplates': (_req, ctx) => templates.listTemplates(ctx),
  'broadcasts.saveTemplate': (req, ctx) => templates.saveTemplate(ctx, req),
  'broadcasts.deleteTemplate': (req, ctx) => ({ deleted: templates.deleteTemplate(ctx, req.id) }),
  'broadcasts.createSchedule': (req, ctx) => {
    const { rule, confirmTargets, ...draft } = req;
    // The same second confirmation as a broadcast, counted on the groups it would reach today.
    confirmCount(ctx, draft.targeting, confirmTargets);
    const r = schedules.createSchedule(deps(ctx), draft, rule);
    ctx.scheduler()?.kick();
    return r;
  },
  'broadcasts.listSchedules': (_req, ctx) => schedules.listSchedules(deps(ctx)),
  'broadcasts.setSchedulePaused': (req, ctx) => {
    const r = schedules.setSchedulePaused(deps(ctx), req.id, req.paused);
    ctx.scheduler()?.kick();
    return r;
  },
  'broadcasts.deleteSchedule': (req, ctx) => ({ deleted: schedules.deleteSchedule(deps(ctx), req.id) }),
};

/** The second confirmation: over the threshold, the caller must have seen and repeated the number of groups. */
function confirmCount(ctx: Ctx, targeting: b.Targeting, confirmTargets: number | undefined): void {
  const settings = b.getBroadcastSettings(ctx.db);
  const count = b.resolveTargets(deps(ctx), targeting).length;
  if (count > settings.confirmOver && confirmTargets !== count) throw appError(ctx.locale, 'CONFIRM_NEEDED', { count, limit: settings.confirmOver });
}

const broadcastOf = (ctx: Ctx, targetId: number) => ctx.db.prepare('SELECT broadcast_id FROM broadcast_targets WHERE id = ?').pluck().get(targetId) as number;
