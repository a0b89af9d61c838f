import type { AreaHandlers } from '../registry';
import * as groups from './groups.service';

export const groupsHandlers: AreaHandlers<'groups.'> = {
  'groups.list': (req, ctx) => groups.listGroups(ctx.deps, req),
  'groups.get': (req, ctx) => groups.getGroup(ctx.deps, req.id),
  'groups.create': (req, ctx) => {
    const group = groups.createGroup(ctx.deps, req.input);
    ctx.emit('groups.changed', { group });
    return group;
  },
  'groups.update': (req, ctx) => {
    const group = groups.updateGroup(ctx.deps, req.id, req.input);
    ctx.emit('groups.changed', { group });
    return group;
  },
  'groups.archive': (req, ctx) => {
    const group = groups.setArchived(ctx.deps, req.id, true);
    ctx.emit('groups.changed', { group });
    return group;
  },
  'groups.unarchive': (req, ctx) => {
    const group = groups.setArchived(ctx.deps, req.id, false);
    ctx.emit('groups.changed', { group });
    return group;
  },
};
