import type { AreaHandlers, Ctx } from '../registry';

/**
 * Background roster work belongs to the workspace it started in: leaving that workspace stops its
 * re-tag (nothing half-stored: the old workspace keeps its tags, and re-tagging there again is one
 * click) and its tag-rules preview, so neither reports into the next workspace nor holds it busy.
 * A re-tag already committing finishes first.
 */
async function leaveCurrent(ctx: Ctx): Promise<void> {
  if (ctx.workspaces.fixed) return; // one file, nothing to switch to
  ctx.tagPreviews.closeAll();
  await ctx.retagJobs.cancelRunning();
}

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
  'workspace.create': async (req, ctx) => {
    await leaveCurrent(ctx);
    const ws = ctx.workspaces.create(req.name);
    ctx.emit('workspace.changed', ws);
    return ws;
  },
  'workspace.switch': async (req, ctx) => {
    if (req.id !== ctx.workspaces.id) await leaveCurrent(ctx);
    const ws = ctx.workspaces.switchTo(req.id);
    ctx.emit('workspace.changed', ws);
    // A large file is checked in a worker while it is read: what the check found follows when it is done.
    if (ctx.workspaces.checking) void ctx.workspaces.ready.then(() => ctx.workspaces.open && ctx.emit('workspace.changed', ctx.workspaces.info()));
    return ws;
  },
  'workspace.createDemo': async (_req, ctx) => {
    await leaveCurrent(ctx);
    const ws = ctx.workspaces.createDemo();
    ctx.emit('workspace.changed', ws);
    return ws;
  },
  'workspace.saveRecoveredCopy': (_req, ctx) => ctx.workspaces.saveRecoveredCopy(),
  'workspace.dismissWelcome': (_req, ctx) => {
    const ws = ctx.workspaces.dismissWelcome();
    ctx.emit('workspace.changed', ws);
    return ws;
  },
};
