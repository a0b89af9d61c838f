import { useEffect } from 'react';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import zhCNAntd from 'antd/locale/zh_CN';
import enUSAntd from 'antd/locale/en_US';
import { useAppStore } from '../store/app.store';
import { Shell } from './Shell';

/** Providers (antd locale follows the app's language) and the start-up states. */
export function Root() {
  const { ready, fatal, locale, init } = useAppStore();
  useEffect(() => {
    void init();
  }, [init]);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd} theme={{ token: { colorPrimary: '#1f7a5c', borderRadius: 6 } }}>
      <AntApp>
        {!ready ? (
          <div style={{ height: '100vh', display: 'grid', placeItems: 'center' }}>
            <Spin size="large" />
          </div>
        ) : fatal ? (
          <Result status="error" title="无法连接到群主后台 / Cannot reach the Qunzhu core" subTitle={fatal} />
        ) : (
          <Shell />
        )}
      </AntApp>
    </ConfigProvider>
  );
}
