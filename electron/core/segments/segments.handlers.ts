import type { AreaHandlers } from '../registry';
import { appError, t } from '../i18n/messages';
import * as segments from './segments.service';

const ok = { ok: true as const };

export const segmentsHandlers: AreaHandlers<'segments.'> = {
  'segments.list': (req, ctx) => segments.listSegments(ctx.db, req.target),
  'segments.save': (req, ctx) => {
    const clash = segments.listSegments(ctx.db, req.definition.target).find((s) => s.name === req.name && s.id !== req.id);
    if (clash) throw appError(ctx.locale, 'CONFLICT', { detail: t(ctx.locale, 'roster.segmentExists', { name: req.name }) });
    if (req.id !== undefined && !segments.getSegment(ctx.db, req.id)) throw appError(ctx.locale, 'NOT_FOUND', { what: t(ctx.locale, 'what.segment'), id: req.id });
    return segments.saveSegment(ctx.db, req, ctx.now());
  },
  'segments.delete': (req, ctx) => {
    if (!segments.deleteSegment(ctx.db, req.id)) throw appError(ctx.locale, 'NOT_FOUND', { what: t(ctx.locale, 'what.segment'), id: req.id });
    return ok;
  },
  'segments.count': (req, ctx) => ({ count: segments.countSegment(ctx.db, req.definition) }),
};
