import type { AreaHandlers } from '../registry';
import * as segments from './segments.service';

const ok = { ok: true as const };

export const segmentsHandlers: AreaHandlers<'segments.'> = {
  'segments.list': (req, ctx) => segments.listSegments(ctx.deps, req.target),
  'segments.save': (req, ctx) => segments.saveSegment(ctx.deps, req),
  'segments.delete': (req, ctx) => {
    segments.deleteSegment(ctx.deps, req.id);
    return ok;
  },
  'segments.count': (req, ctx) => ({ count: segments.countSegment(ctx.deps, req.definition) }),
};
