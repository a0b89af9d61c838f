import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Locale } from '../../shared/domain/enums';
import { zhCN, type Messages } from './zh-CN';
import { en } from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Messages };
  }
}

dayjs.extend(localizedFormat);
dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: {
    // React escapes text itself; i18next escaping would double-escape names like "A&B".
    escapeValue: false,
    // Every number a sentence carries is written as numbers are elsewhere (3,076, not 3076);
    // ids stay as they are stored.
    alwaysFormat: true,
    format: (value: unknown, _format, lng, options): string =>
      typeof value === 'number' && Number.isFinite(value) && (options as { interpolationkey?: unknown } | undefined)?.interpolationkey !== 'id' ? value.toLocaleString(lng) : (value as string),
  },
});

const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };

/**
 * Switches dayjs, the page's lang and i18next together. dayjs goes first: changing the
 * i18next language re-renders, and dates in that render must already use the new locale.
 * antd follows through ConfigProvider, which reads the same locale from the settings store.
 */
export function applyLocale(locale: Locale): void {
  dayjs.locale(DAYJS_LOCALE[locale]);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

/** Numbers in the UI language (12,345 in both, but kept in one place). */
export function formatCount(n: number): string {
  return n.toLocaleString(i18n.language);
}

export default i18n;
