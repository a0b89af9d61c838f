import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../shared/domain/enums';

/** App-level settings (not per workspace). electron-store lives only in the shell; the core sees this. */
export interface AppSettings {
  locale: Locale;
  currentWorkspace?: string;
}
export const DEFAULT_SETTINGS: AppSettings = { locale: 'zh-CN' };

export interface SettingsStore {
  get(): AppSettings;
  update(patch: Partial<AppSettings>): AppSettings;
}

export function memorySettings(initial: Partial<AppSettings> = {}): SettingsStore {
  let value: AppSettings = { ...DEFAULT_SETTINGS, ...initial };
  return {
    get: () => ({ ...value }),
    update: (patch) => {
      value = { ...value, ...patch };
      return { ...value };
    },
  };
}

/** Browser mode and CLI: a JSON file, written to a temp file and renamed so a crash never leaves half a file. */
export function jsonFileSettings(file: string): SettingsStore {
  const read = (): AppSettings => {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AppSettings>;
      const locale = parsed.locale === 'en' || parsed.locale === 'zh-CN' ? parsed.locale : DEFAULT_SETTINGS.locale;
      const out: AppSettings = { locale };
      if (typeof parsed.currentWorkspace === 'string') out.currentWorkspace = parsed.currentWorkspace;
      return out;
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  };
  let value = read();
  return {
    get: () => ({ ...value }),
    update: (patch) => {
      value = { ...value, ...patch };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
      fs.renameSync(tmp, file);
      return { ...value };
    },
  };
}
