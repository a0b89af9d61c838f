import { z } from 'zod';
import { Locale } from './enums';

export const WorkspaceCounts = z.object({
  groups: z.number().int(),
  members: z.number().int(),
  messages: z.number().int(),
});
export type WorkspaceCounts = z.infer<typeof WorkspaceCounts>;

/** What the check on open found in a damaged workspace file (opened read-only then). */
export const WorkspaceDamage = z.object({
  /** PRAGMA quick_check's findings, as SQLite words them (for support). */
  problems: z.array(z.string()),
});
export type WorkspaceDamage = z.infer<typeof WorkspaceDamage>;

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
  /**
   * Set when the file is damaged: the workspace is open read-only, every write is refused with
   * DB_CORRUPT, and workspace.saveRecoveredCopy saves what can still be read. Absent or null: sound.
   */
  damaged: WorkspaceDamage.nullable().optional(),
  /**
   * An import a crash interrupted is being rolled back in the background (messages deleted so far,
   * of how many); imports wait until it is done. Absent or null: nothing to roll back.
   */
  rollingBack: z.object({ done: z.number().int(), total: z.number().int() }).nullable().optional(),
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

/** A recovered copy of a damaged workspace, saved to a new file (the damaged one is left as it is). */
export const RecoveredCopyDto = z.object({
  /** Absolute path of the new file. */
  path: z.string(),
  /** Managed mode: the new workspace that holds the copy (switch to it to work on); null in fixed mode (--db). */
  workspaceId: z.string().nullable(),
  /** 'vacuum': the whole file could be copied; 'tables': read table by table, skipping unreadable pages. */
  method: z.enum(['vacuum', 'tables']),
  tables: z.number().int(),
  rows: z.number().int(),
  /** Tables that lost rows to the damage. */
  damagedTables: z.array(z.string()),
});
export type RecoveredCopyDto = z.infer<typeof RecoveredCopyDto>;
