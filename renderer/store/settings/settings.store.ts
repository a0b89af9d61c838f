import { create } from 'zustand';
import type { Locale } from '../../../shared/domain/enums';
import type { AppInfoDto, SettingsDto } from '../../../shared/domain/workspace';
import { getApi } from '../../lib/api/client';
import { applyLocale } from '../../i18n';

interface SettingsState {
  locale: Locale;
  info: AppInfoDto | null;
  load(): Promise<void>;
  /** Persists the language, then applies it everywhere at once. */
  setLocale(locale: Locale): Promise<void>;
  /** Settings changed elsewhere (another window, the CLI): apply them here too. */
  received(settings: SettingsDto): void;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  locale: 'zh-CN',
  info: null,

  async load() {
    const api = getApi();
    const [settings, info] = await Promise.all([api.call('settings.get', {}), api.call('app.info', {})]);
    set({ info });
    get().received(settings);
  },

  async setLocale(locale) {
    get().received(await getApi().call('settings.update', { locale }));
  },

  received(settings) {
    applyLocale(settings.locale);
    set({ locale: settings.locale });
  },
}));
