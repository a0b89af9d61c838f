import { useEffect } from 'react';
import { App as AntApp, Button, ConfigProvider, Result, Spin, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/enums';
import { useBootStore } from '../store/boot/boot.store';
import { useSettingsStore } from '../store/settings/settings.store';
import { Shell } from './Shell';

const ANTD_LOCALES: Record<Locale, AntdLocale> = { 'zh-CN': zhCN, en: enUS };
const THEME: ThemeConfig = { token: { colorPrimary: '#1f7a5c', borderRadius: 6 } };

/** Providers: antd's locale follows the app language, and AntApp gives message/modal that follow both. */
export function Root() {
  const locale = useSettingsStore((s) => s.locale);
  return (
    // No auto space inside two-character Chinese buttons: "保存" stays "保存" for screen readers and tests.
    <ConfigProvider locale={ANTD_LOCALES[locale]} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <Boot />
      </AntApp>
    </ConfigProvider>
  );
}

function Boot() {
  const { t } = useTranslation();
  const status = useBootStore((s) => s.status);
  const error = useBootStore((s) => s.error);
  const start = useBootStore((s) => s.start);

  useEffect(() => {
    void start();
  }, [start]);

  if (status === 'loading') {
    return (
      <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" description={t('app.loading')} />
      </div>
    );
  }
  if (status === 'failed') {
    return (
      <Result
        status="error"
        title={t('app.fatalTitle')}
        subTitle={error}
        extra={
          <Button type="primary" onClick={() => void start()}>
            {t('app.retry')}
          </Button>
        }
      />
    );
  }
  return <Shell />;
}
