import type { AreaHandlers } from '../registry';

export const appHandlers: AreaHandlers<'app.'> = {
  'app.info': (_req, ctx) => ctx.app,
};

export const settingsHandlers: AreaHandlers<'settings.'> = {
  'settings.get': (_req, ctx) => ({ locale: ctx.settings.get().locale }),
  'settings.update': (req, ctx) => {
    const next = ctx.settings.update(req.locale ? { locale: req.locale } : {});
    const dto = { locale: next.locale };
    ctx.emit('settings.changed', dto);
    return dto;
  },
};

export const workspaceHandlers: AreaHandlers<'workspace.'> = {
  'workspace.current': (_req, ctx) => ctx.workspaces.info(),
  'workspace.list': (_req, ctx) => ctx.workspaces.list(),
  'workspace.create': (req, ctx) => {
    const ws = ctx.workspaces.create(req.name);
    ctx.emit('workspace.changed', ws);
    return ws;
  },
  'workspace.switch': (req, ctx) => {
    const ws = ctx.workspaces.switchTo(req.id);
    ctx.emit('workspace.changed', ws);
    return ws;
  },
  'workspace.createDemo': (_req, ctx) => {
    const ws = ctx.workspaces.createDemo();
    ctx.emit('workspace.changed', ws);
    return ws;
  },
  'workspace.dismissWelcome': (_req, ctx) => {
    const ws = ctx.workspaces.dismissWelcome();
    ctx.emit('workspace.changed', ws);
    return ws;
  },
};
