import type { AreaHandlers, Ctx } from '../registry';
import * as groups from './groups.service';

const deps = (ctx: Ctx): groups.GroupsDeps => ({ db: ctx.db, now: ctx.now, locale: ctx.locale });

export const groupsHandlers: AreaHandlers<'groups.'> = {
  'groups.list': (req, ctx) => groups.listGroups(deps(ctx), req),
  'groups.get': (req, ctx) => groups.getGroup(deps(ctx), req.id),
  'groups.create': (req, ctx) => {
    const group = groups.createGroup(deps(ctx), req.input);
    ctx.emit('groups.changed', { group });
    return group;
  },
  'groups.update': (req, ctx) => {
    const group = groups.updateGroup(deps(ctx), req.id, req.input);
    ctx.emit('groups.changed', { group });
    return group;
  },
  'groups.archive': (req, ctx) => {
    const group = groups.setArchived(deps(ctx), req.id, true);
    ctx.emit('groups.changed', { group });
    return group;
  },
  'groups.unarchive': (req, ctx) => {
    const group = groups.setArchived(deps(ctx), req.id, false);
    ctx.emit('groups.changed', { group });
    return group;
  },
};
