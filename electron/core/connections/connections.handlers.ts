import type { AreaHandlers, Ctx } from '../registry';
import * as robots from './robots.service';

const deps = (ctx: Ctx): robots.RobotsDeps => ({ db: ctx.db, locale: ctx.locale, now: ctx.now, vault: ctx.vault() });

export const connectionsHandlers: AreaHandlers<'connections.'> = {
  'connections.list': (_req, ctx) => ({ robots: robots.listRobots(ctx), vault: ctx.vault().status() }),
  'connections.addRobot': (req, ctx) => robots.addRobot(deps(ctx), req),
  'connections.updateRobot': (req, ctx) => robots.updateRobot(deps(ctx), req),
  'connections.testRobot': (req, ctx) => robots.testRobot(deps(ctx), req.id),
  'connections.pauseRobot': (req, ctx) => robots.pauseRobot(ctx, req.id, req.paused),
  'connections.removeRobot': (req, ctx) => {
    robots.removeRobot(ctx, req.id);
    return { ok: true as const };
  },
};
