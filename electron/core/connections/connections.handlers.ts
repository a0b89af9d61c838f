import type { AreaHandlers } from '../registry';
import * as robots from './robots.service';

export const connectionsHandlers: AreaHandlers<'connections.'> = {
  'connections.list': (_req, ctx) => ({ robots: robots.listRobots(ctx.deps), vault: ctx.vault().status() }),
  'connections.addRobot': (req, ctx) => robots.addRobot({ ...ctx.deps, vault: ctx.vault() }, req),
  'connections.updateRobot': (req, ctx) => robots.updateRobot({ ...ctx.deps, vault: ctx.vault() }, req),
  'connections.testRobot': (req, ctx) => robots.testRobot({ ...ctx.deps, vault: ctx.vault() }, req.id),
  'connections.pauseRobot': (req, ctx) => robots.pauseRobot(ctx.deps, req.id, req.paused),
  'connections.removeRobot': (req, ctx) => {
    robots.removeRobot(ctx.deps, req.id);
    return { ok: true as const };
  },
};
