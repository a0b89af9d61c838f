import type { AreaHandlers } from '../registry';
import * as tagging from '../services/tagging.service';

export const rosterHandlers: AreaHandlers<'roster.'> = {
  'roster.thresholds': (_req, ctx) => tagging.getThresholds(ctx.db),
  'roster.setThresholds': (req, ctx) => tagging.setThresholds(ctx.db, req.thresholds),
  'roster.previewTags': (req, ctx) => tagging.countTags(tagging.computeTags(ctx.db, { asOf: req.asOf ? Date.parse(req.asOf) : ctx.now(), thresholds: req.thresholds })),
  'roster.retag': (req, ctx) => {
    const asOf = req.asOf ? Date.parse(req.asOf) : ctx.now();
    return { counts: tagging.retag(ctx.db, { asOf, thresholds: tagging.getThresholds(ctx.db) }), asOf: new Date(asOf).toISOString() };
  },
};
