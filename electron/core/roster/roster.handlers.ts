import type { AreaHandlers, Ctx } from '../registry';
import { newDownload } from '../files/downloads';
import { appError, t } from '../i18n/messages';
import { RetagBusyError, RetagCancelledError } from './retag-jobs';
import { PreviewSupersededError } from './tag-preview';
import * as roster from './roster.service';
import { exportRoster, importRosterFile } from './roster-io.service';
import * as tagging from './tagging.service';
import { fileStamp } from '../clock';

const ok = { ok: true as const };

/** Starts the roster job on the current workspace's file; one at a time (CONFLICT while one runs). */
function startRetag(req: { asOf?: string | undefined }, ctx: Ctx) {
  const asOf = req.asOf ? Date.parse(req.asOf) : ctx.now();
  try {
    // A worker thread with its own connection: the core keeps answering while it runs.
    return ctx.retagJobs.start({ dbPath: ctx.workspaces.dbPath, asOf, ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}) });
  } catch (e) {
    if (e instanceof RetagBusyError) throw appError(ctx.locale, 'CONFLICT', { detail: t(ctx.locale, 'roster.retagRunning') });
    throw e;
  }
}

export const rosterHandlers: AreaHandlers<'roster.'> = {
  'roster.thresholds': (_req, ctx) => tagging.getThresholds(ctx.db),
  'roster.setThresholds': (req, ctx) => tagging.setThresholds(ctx.db, req.thresholds),
  'roster.previewTags': async (req, ctx) => {
    try {
      // Seconds on a large workspace: a worker thread, so the core keeps answering meanwhile.
      return await ctx.tagPreviews.run({ dbPath: ctx.workspaces.dbPath, asOf: req.asOf ? Date.parse(req.asOf) : ctx.now(), thresholds: req.thresholds, ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}) });
    } catch (e) {
      if (e instanceof PreviewSupersededError) throw appError(ctx.locale, 'CANCELLED', { detail: t(ctx.locale, 'roster.previewSuperseded') });
      throw e;
    }
  },
  // 'roster.changed' follows the job's 'done' event (create-core), whoever started it.
  'roster.retag': async (req, ctx) => {
    try {
      return await startRetag(req, ctx).done;
    } catch (e) {
      if (e instanceof RetagCancelledError) throw appError(ctx.locale, 'CANCELLED', { detail: t(ctx.locale, 'roster.retagCancelled') });
      throw e;
    }
  },
  'roster.startRetag': (req, ctx) => ({ jobId: startRetag(req, ctx).jobId }),
  'roster.cancelRetag': async (req, ctx) => ({ cancelled: await ctx.retagJobs.cancel(req.jobId) }),
  'roster.retagStatus': (_req, ctx) => ({ job: ctx.retagJobs.current() }),
  'roster.list': (req, ctx) => roster.listMembers(ctx.deps, req),
  'roster.count': (req, ctx) => ({ count: roster.countMembers(ctx.deps, req.filter) }),
  'roster.get': (req, ctx) => roster.memberDetail(ctx.deps, req.id),
  'roster.setOverride': (req, ctx) => {
    tagging.overrideTag(ctx.db, req.groupId, req.memberId, req.tag, req.state, ctx.now());
    ctx.emit('roster.changed', { reason: 'tags' });
    return ok;
  },
  'roster.bulk': (req, ctx) => {
    const r = roster.bulk(ctx.deps, req);
    ctx.emit('roster.changed', { reason: req.action.type === 'label' ? 'labels' : 'fields' });
    return r;
  },
  'roster.labels': (_req, ctx) => roster.listLabels(ctx.db),
  'roster.saveLabel': (req, ctx) => roster.saveLabel(ctx.deps, req),
  'roster.deleteLabel': (req, ctx) => {
    roster.deleteLabel(ctx.deps, req.id);
    return ok;
  },
  'roster.mergeLabels': (req, ctx) => roster.mergeLabels(ctx.deps, req.from, req.into),
  'roster.fields': (_req, ctx) => roster.listFields(ctx.db),
  'roster.saveField': (req, ctx) => roster.saveField(ctx.deps, req),
  'roster.deleteField': (req, ctx) => {
    roster.deleteField(ctx.deps, req.key);
    return ok;
  },
  'roster.setFields': (req, ctx) => {
    roster.setFields(ctx.deps, req.memberId, req.values);
    ctx.emit('roster.changed', { reason: 'fields' });
    return ok;
  },
  'roster.addNote': (req, ctx) => roster.addNote(ctx.deps, req.memberId, req.text),
  'roster.deleteNote': (req, ctx) => {
    roster.deleteNote(ctx.deps, req.id);
    return ok;
  },
  'roster.export': async (req, ctx) => {
    const file = newDownload(`${t(ctx.locale, 'export.rosterFile')}-${fileStamp(ctx.now())}.${req.format}`);
    const r = await exportRoster(ctx.deps, req.filter, req.sort, req.format, file.path);
    return { fileId: file.fileId, name: file.name, rows: r.rows, bytes: r.bytes };
  },
  'roster.importFile': async (req, ctx) => {
    const r = await importRosterFile(ctx.deps, req.path, req.apply);
    if (r.applied) ctx.emit('roster.changed', { reason: 'fields' });
    return r;
  },
};
