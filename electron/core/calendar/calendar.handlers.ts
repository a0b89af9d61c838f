import type { AreaHandlers } from '../registry';
import { checkConfirmed, type RecurringMethods } from '../broadcasts';
import * as cal from './calendar.service';
import * as recurring from './recurring.service';
import * as playbooks from './playbooks.service';
import { calendarRows, exportRows, writeIcs } from './calendar-export';
import { newDownload } from '../files/downloads';
import { t } from '../i18n/messages';
import { fileStamp } from '../clock';

export const calendarHandlers: AreaHandlers<'calendar.'> = {
  'calendar.settings': (_req, ctx) => cal.getCalendarSettings(ctx.deps),
  'calendar.setSettings': (req, ctx) => cal.setCalendarSettings(ctx.deps, req.settings),
  'calendar.listColumns': (_req, ctx) => cal.listColumns(ctx.deps),
  'calendar.saveColumn': (req, ctx) => {
    const c = cal.saveColumn(ctx.deps, req);
    ctx.scheduler()?.kick();
    return c;
  },
  'calendar.deleteColumn': (req, ctx) => cal.deleteColumn(ctx.deps, req.id),
  'calendar.starterColumns': (_req, ctx) => cal.starterColumns(ctx.deps),
  'calendar.month': (req, ctx) => cal.monthView(ctx.deps, req),
  'calendar.range': (req, ctx) => cal.rangeView(ctx.deps, req),
  'calendar.lanes': (req, ctx) => cal.lanesView(ctx.deps, req),
  'calendar.getEntry': (req, ctx) => cal.getEntry(ctx.deps, req.id),
  'calendar.saveEntry': (req, ctx) => cal.saveEntry(ctx.deps, req),
  'calendar.planEntry': (req, ctx) => cal.planEntry(ctx.deps, req.id),
  'calendar.approveEntry': (req, ctx) => {
    const e = cal.approveEntry(ctx.deps, req.id, req.confirmTargets);
    ctx.scheduler()?.kick();
    return e;
  },
  'calendar.unapproveEntry': (req, ctx) => cal.unapproveEntry(ctx.deps, req.id),
  'calendar.skipEntry': (req, ctx) => cal.skipEntry(ctx.deps, req.id),
  'calendar.moveEntry': (req, ctx) => {
    const r = cal.moveEntry(ctx.deps, req.id, req.at);
    ctx.scheduler()?.kick();
    return r;
  },
  'calendar.deleteEntry': (req, ctx) => ({ deleted: cal.deleteEntry(ctx.deps, req.id) }),
  'calendar.listPlaybooks': (_req, ctx) => playbooks.listPlaybooks(ctx.deps),
  'calendar.savePlaybook': (req, ctx) => playbooks.savePlaybook(ctx.deps, req),
  'calendar.duplicatePlaybook': (req, ctx) => playbooks.duplicatePlaybook(ctx.deps, req.key),
  'calendar.deletePlaybook': (req, ctx) => ({ deleted: playbooks.deletePlaybook(ctx.deps, req.id) }),
  'calendar.applyPlaybook': (req, ctx) => playbooks.applyPlaybook(ctx.deps, req),
  'calendar.listRuns': (req, ctx) => playbooks.listRuns(ctx.deps, req.groupId),
  'calendar.listTasks': (req, ctx) => playbooks.listTasks(ctx.deps, req),
  'calendar.setTaskDone': (req, ctx) => playbooks.setTaskDone(ctx.deps, req.id, req.done, req.by),
  'calendar.rows': (req, ctx) => calendarRows(ctx.deps, req.from, req.to, req.filter),
  'calendar.exportRows': async (req, ctx) => {
    const file = newDownload(`${t(ctx.locale, 'calendar.fileName')}-${req.from}-${req.to}-${fileStamp(ctx.now())}.${req.format}`);
    const r = await exportRows(ctx.deps, calendarRows(ctx.deps, req.from, req.to, req.filter), req.format, file.path);
    return { fileId: file.fileId, name: file.name, rows: r.rows };
  },
  'calendar.exportIcs': (req, ctx) => {
    const file = newDownload(`${t(ctx.locale, 'calendar.fileName')}-${req.from}-${req.to}.ics`);
    const r = writeIcs(ctx.deps, req.from, req.to, req.filter, file.path);
    return { fileId: file.fileId, name: file.name, events: r.events };
  },
};

/** Recurring broadcasts, kept in the broadcasts contract for the composer, are auto-send columns. */
export const recurringHandlers: Pick<AreaHandlers<'broadcasts.'>, RecurringMethods> = {
  'broadcasts.createSchedule': (req, ctx) => {
    const { rule, confirmTargets, ...draft } = req;
    // The same second confirmation as a broadcast, counted on the groups it would reach today.
    checkConfirmed(ctx.deps, draft.targeting, confirmTargets);
    const r = recurring.createRecurring(ctx.deps, draft, rule);
    ctx.scheduler()?.kick();
    return r;
  },
  'broadcasts.listSchedules': (_req, ctx) => recurring.listRecurring(ctx.deps),
  'broadcasts.setSchedulePaused': (req, ctx) => {
    const r = recurring.setRecurringPaused(ctx.deps, req.id, req.paused);
    ctx.scheduler()?.kick();
    return r;
  },
  'broadcasts.deleteSchedule': (req, ctx) => ({ deleted: recurring.deleteRecurring(ctx.deps, req.id) }),
};
