import { z } from 'zod';
import { Locale } from './enums';

export const WorkspaceCounts = z.object({
  groups: z.number().int(),
  members: z.number().int(),
  messages: z.number().int(),
});
export type WorkspaceCounts = z.infer<typeof WorkspaceCounts>;

export const WorkspaceDto = z.object({
  id: z.string(),
  name: z.string(),
  /** Absolute path of the SQLite file. */
  path: z.string(),
  demo: z.boolean(),
  /** True until the user has chosen demo or empty on first launch. */
  welcome: z.boolean(),
  /** Fixed = opened with --db; switching and creating workspaces is off. */
  fixed: z.boolean(),
  schemaVersion: z.number().int(),
  counts: WorkspaceCounts,
});
export type WorkspaceDto = z.infer<typeof WorkspaceDto>;

export const WorkspaceSummary = z.object({ id: z.string(), name: z.string(), path: z.string(), current: z.boolean() });
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;

export const SettingsDto = z.object({ locale: Locale });
export type SettingsDto = z.infer<typeof SettingsDto>;

export const AppInfoDto = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'bridge', 'in-process']),
  dataDir: z.string(),
  platform: z.string(),
  /** The settings file was damaged at start-up: it was moved here and the defaults are in use. */
  settingsSetAside: z.string().nullable(),
  /** The app can open its own file picker for imports (the desktop app); the browser uses its upload field. */
  filePicker: z.boolean(),
});
export type AppInfoDto = z.infer<typeof AppInfoDto>;
