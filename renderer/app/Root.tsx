import { useEffect, useMemo } from 'react';
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import type { Locale as AntdLocale } from 'antd/es/locale';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/domain/enums';
import { usePrefersReducedMotion } from '../lib/reduced-motion';
import { useBootStore } from '../store/boot/boot.store';
import { useSettingsStore } from '../store/settings/settings.store';
import { Shell } from './Shell';
import { themeFor } from './theme';

const ANTD_LOCALES: Record<Locale, AntdLocale> = { 'zh-CN': zhCN, en: enUS };

/** Providers: antd's locale follows the app language, and AntApp gives message/modal that follow both. */
export function Root() {
  const locale = useSettingsStore((s) => s.locale);
  const reducedMotion = usePrefersReducedMotion();
  const theme = useMemo(() => themeFor(reducedMotion), [reducedMotion]);
  return (
    // No auto space inside two-character Chinese buttons: "保存" stays "保存" for screen readers and tests.
    <ConfigProvider locale={ANTD_LOCALES[locale]} theme={theme} button={{ autoInsertSpace: false }}>
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
