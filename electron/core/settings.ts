/**
 * App-level settings (not per workspace): the language, the workspace last open, the window's
 * size and place, and the folders last used for imports and exports.
 *
 * One schema for both stores: electron-store in the desktop app (electron/shell) and its base
 * library conf in browser mode and the CLI. Both write the same `settings.json` atomically,
 * validate it against this schema on every read and write, and keep it private (0600). A file
 * that cannot be read (broken JSON, a value the schema refuses) is set aside beside it and the
 * defaults are used; `recovered` says so, and the UI tells the user once.
 */
import fs from 'node:fs';
import path from 'node:path';
import Conf, { type Options as ConfOptions, type Schema } from 'conf';
import type { Locale } from '../../shared/domain/enums';
import { fileStamp } from './clock';
import { log } from './log';
import { makePrivate, privateDir } from './private-files';

export type WindowState = {
  width: number;
  height: number;
  /** Absent until the window was first moved: the OS then centres it. */
  x?: number;
  y?: number;
  maximized: boolean;
};

// Type aliases (not interfaces): conf's generics want an indexable record.
export type AppSettings = {
  locale: Locale;
  currentWorkspace?: string;
  window?: WindowState;
  lastImportDir?: string;
  lastExportDir?: string;
  /** The welcome dialog was answered once: it is the app's first run, not each workspace's. */
  welcomed?: boolean;
};

export const DEFAULT_SETTINGS: AppSettings = { locale: 'zh-CN' };

/** A change to the settings: a key given as undefined is removed. */
export type SettingsPatch = { [K in keyof AppSettings]?: AppSettings[K] | undefined };

/** A damaged settings file found at start-up, and where it was moved. */
export interface SettingsRecovery {
  /** The damaged file, renamed beside the new one. */
  setAside: string;
  reason: string;
}

export interface SettingsStore {
  get(): AppSettings;
  update(patch: SettingsPatch): AppSettings;
  /** Set when the file was damaged at start-up and the defaults are in use. */
  readonly recovered: SettingsRecovery | null;
}

const folder = { type: 'string', minLength: 1, maxLength: 4096 } as const;

export const SETTINGS_SCHEMA: Schema<AppSettings> = {
  locale: { type: 'string', enum: ['zh-CN', 'en'], default: 'zh-CN' },
  currentWorkspace: { type: 'string', minLength: 1, maxLength: 200 },
  window: {
    type: 'object',
    properties: {
      width: { type: 'integer', minimum: 200, maximum: 100_000 },
      height: { type: 'integer', minimum: 200, maximum: 100_000 },
      x: { type: 'integer', minimum: -100_000, maximum: 100_000 },
      y: { type: 'integer', minimum: -100_000, maximum: 100_000 },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
    additionalProperties: false,
  },
  lastImportDir: folder,
  lastExportDir: folder,
  welcomed: { type: 'boolean' },
};

export const SETTINGS_FILE = 'settings.json';

/** The options both stores are opened with (electron-store takes conf's options and more). */
export function settingsOptions(dir: string): ConfOptions<AppSettings> {
  return {
    cwd: dir,
    configName: path.basename(SETTINGS_FILE, '.json'),
    schema: SETTINGS_SCHEMA,
    defaults: DEFAULT_SETTINGS,
    // A damaged file is set aside by openSettings (so nothing is lost), never silently emptied.
    clearInvalidConfig: false,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  };
}

/** What openSettings needs of a conf or electron-store instance. */
export interface ConfLike {
  readonly store: AppSettings;
  set(values: Partial<AppSettings>): void;
  delete(key: keyof AppSettings): void;
}

/**
 * Opens a conf-family store over `<dir>/settings.json`; when the file is damaged, renames it to
 * `settings.json.damaged-<stamp>` and opens a fresh one with the defaults.
 */
export function openSettings(dir: string, open: (options: ConfOptions<AppSettings>) => ConfLike, now: () => number = Date.now): SettingsStore {
  // The data folder and the settings file are private to the user, and narrowed if they were made loose.
  privateDir(dir);
  makePrivate(path.join(dir, SETTINGS_FILE));
  const options = settingsOptions(dir);
  let recovered: SettingsRecovery | null = null;
  let conf: ConfLike;
  try {
    conf = open(options);
  } catch (e) {
    const file = path.join(dir, SETTINGS_FILE);
    if (!fs.existsSync(file)) throw e;
    const setAside = `${file}.damaged-${fileStamp(now())}`;
    fs.renameSync(file, setAside);
    recovered = { setAside, reason: e instanceof Error ? e.message : String(e) };
    log.info(`settings file damaged (${recovered.reason}); moved to ${setAside}, defaults in use`);
    conf = open(options);
  }
  return {
    get: () => ({ ...DEFAULT_SETTINGS, ...conf.store }),
    update(patch) {
      const set: Partial<AppSettings> = {};
      for (const [k, v] of Object.entries(patch) as [keyof AppSettings, never][]) {
        if (v === undefined) conf.delete(k);
        else set[k] = v;
      }
      // conf validates the whole store against the schema and writes it atomically.
      if (Object.keys(set).length) conf.set(set);
      return { ...DEFAULT_SETTINGS, ...conf.store };
    },
    recovered,
  };
}

/** Browser mode and the CLI: conf over `<dir>/settings.json` (the app opens the same file with electron-store). */
export function confSettings(dir: string, now?: () => number): SettingsStore {
  return openSettings(dir, (options) => new Conf<AppSettings>(options), now);
}

/** Tests: settings that live only in memory. */
export function memorySettings(initial: SettingsPatch = {}): SettingsStore {
  const merge = (base: AppSettings, patch: SettingsPatch): AppSettings => {
    const next: Record<string, unknown> = { ...base, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    return { ...DEFAULT_SETTINGS, ...next };
  };
  let value = merge(DEFAULT_SETTINGS, initial);
  return {
    get: () => ({ ...value }),
    update: (patch) => {
      value = merge(value, patch);
      return { ...value };
    },
    recovered: null,
  };
}
