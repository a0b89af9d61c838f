import { z } from 'zod';
import { AppInfoDto, RecoveredCopyDto, SettingsDto, WorkspaceDto, WorkspaceSummary } from '../domain/workspace';
import { Locale } from '../domain/enums';
import { method } from './define';

const Empty = z.object({}).strict();

export const workspaceApi = {
  'app.info': method(Empty, AppInfoDto),
  'settings.get': method(Empty, SettingsDto),
  'settings.update': method(z.object({ locale: Locale.optional() }).strict(), SettingsDto),
  'workspace.current': method(Empty, WorkspaceDto),
  'workspace.list': method(Empty, z.array(WorkspaceSummary)),
  'workspace.create': method(z.object({ name: z.string().trim().min(1).max(60) }), WorkspaceDto),
  'workspace.switch': method(z.object({ id: z.string().regex(/^[a-z0-9-]{1,64}$/) }), WorkspaceDto),
  /** Managed mode: a new demo workspace, switched to. Fixed mode: fills the current one if it is empty. */
  'workspace.createDemo': method(Empty, WorkspaceDto),
  'workspace.dismissWelcome': method(Empty, WorkspaceDto),
  /** A damaged workspace: saves what can still be read to a new file (a new workspace in managed mode); the damaged file is not written. */
  'workspace.saveRecoveredCopy': method(Empty, RecoveredCopyDto),
};
