import type { AreaHandlers } from '../registry';
import * as inbox from './inbox.service';

export const inboxHandlers: AreaHandlers<'inbox.'> = {
  'inbox.list': (req, ctx) => inbox.listMessages(ctx.deps, req),
  'inbox.groups': (_req, ctx) => inbox.inboxGroups(ctx.deps),
  'inbox.get': (req, ctx) => inbox.getMessage(ctx.deps, req.id),
  'inbox.context': (req, ctx) => inbox.messageContext(ctx.deps, req.id, req.around),
  'inbox.sender': (req, ctx) => inbox.senderCard(ctx.deps, req.memberId),
  'inbox.mark': (req, ctx) => {
    const r = inbox.markMessages(ctx.deps, req);
    if (r.changed) ctx.emit('inbox.changed', { groupIds: r.groupIds, reason: 'mark' });
    return { changed: r.changed };
  },
  'inbox.flag': (req, ctx) => {
    const r = inbox.flagMessages(ctx.deps, req);
    if (r.changed) ctx.emit('inbox.changed', { groupIds: r.groupIds, reason: 'flag' });
    return { changed: r.changed };
  },
  'inbox.pin': (req, ctx) => {
    inbox.pinGroup(ctx.deps, req.groupId, req.pinned);
    ctx.emit('inbox.changed', { groupIds: [req.groupId], reason: 'pin' });
    return { ok: true as const };
  },
  'inbox.unanswered': (req, ctx) => inbox.unanswered(ctx.deps, req),
  'inbox.reply': (req, ctx) => inbox.replyText(ctx.deps, req.id, req.text),
};

export const searchHandlers: AreaHandlers<'search.'> = {
  'search.messages': (req, ctx) => inbox.searchMessages(ctx.deps, req),
  'search.count': (req, ctx) => inbox.countSearch(ctx.deps, req),
};
