import { App, Card, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/domain/enums';
import { errorText } from '../../lib/errors';
import { useSettingsStore } from '../../store/settings/settings.store';

// Each language is named in itself, so someone who landed in the wrong one can still find theirs.
const LANGUAGES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
];

export function LanguageCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useSettingsStore((s) => s.locale);
  const setLocale = useSettingsStore((s) => s.setLocale);
  return (
    <Card title={t('settings.language')}>
      <Radio.Group
        aria-label={t('settings.language')}
        value={locale}
        options={LANGUAGES}
        onChange={(e) => setLocale(e.target.value as Locale).catch((err: unknown) => void message.error(errorText(err)))}
      />
    </Card>
  );
}
