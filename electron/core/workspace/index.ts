/**
 * Workspace: the workspace files (create, open, switch, the demo, recovery of interrupted
 * imports when one opens), app info and the app's settings.
 *
 * Owns the workspace files themselves and the table `meta` (through db/meta.repo.ts), the events
 * `workspace.changed` and `settings.changed`. Other areas use only what this file exports.
 */
export { appHandlers, settingsHandlers, workspaceHandlers } from './workspace.handlers';
export { Workspaces } from './workspace.service';
