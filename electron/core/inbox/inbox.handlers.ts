import type { AreaHandlers, Ctx } from '../registry';
import * as inbox from './inbox.service';

const deps = (ctx: Ctx): inbox.InboxDeps => ({ db: ctx.db, locale: ctx.locale, now: ctx.now });

export const inboxHandlers: AreaHandlers<'inbox.'> = {
  'inbox.list': (req, ctx) => inbox.listMessages(deps(ctx), req),
  'inbox.groups': (_req, ctx) => inbox.inboxGroups(deps(ctx)),
  'inbox.get': (req, ctx) => inbox.getMessage(deps(ctx), req.id),
  'inbox.context': (req, ctx) => inbox.messageContext(deps(ctx), req.id, req.around),
  'inbox.sender': (req, ctx) => inbox.senderCard(deps(ctx), req.memberId),
  'inbox.mark': (req, ctx) => {
    const r = inbox.markMessages(deps(ctx), req);
    if (r.changed) ctx.emit('inbox.changed', { groupIds: r.groupIds, reason: 'mark' });
    return { changed: r.changed };
  },
  'inbox.flag': (req, ctx) => {
    const r = inbox.flagMessages(deps(ctx), req);
    if (r.changed) ctx.emit('inbox.changed', { groupIds: r.groupIds, reason: 'flag' });
    return { changed: r.changed };
  },
  'inbox.pin': (req, ctx) => {
    inbox.pinGroup(deps(ctx), req.groupId, req.pinned);
    ctx.emit('inbox.changed', { groupIds: [req.groupId], reason: 'pin' });
    return { ok: true as const };
  },
  'inbox.unanswered': (req, ctx) => inbox.unanswered(deps(ctx), req),
  'inbox.reply': (req, ctx) => inbox.replyText(deps(ctx), req.id, req.text),
};

export const searchHandlers: AreaHandlers<'search.'> = {
  'search.messages': (req, ctx) => inbox.searchMessages(deps(ctx), req),
  'search.count': (req, ctx) => inbox.countSearch(deps(ctx), req),
};
