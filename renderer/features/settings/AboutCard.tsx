import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppInfoDto } from '../../../shared/domain/workspace';
import { useSettingsStore } from '../../store/settings/settings.store';

const TRANSPORT_KEY = {
  electron: 'settings.transportElectron',
  bridge: 'settings.transportBridge',
  'in-process': 'settings.transportInProcess',
} as const satisfies Record<AppInfoDto['transport'], string>;

export function AboutCard() {
  const { t } = useTranslation();
  const info = useSettingsStore((s) => s.info);
  if (!info) return null;
  return (
    <Card title={t('settings.about')}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'version', label: t('settings.version'), children: info.version },
          { key: 'transport', label: t('settings.transport'), children: t(TRANSPORT_KEY[info.transport]) },
          {
            key: 'dataDir',
            label: t('settings.dataDir'),
            children: (
              <Typography.Text copyable code>
                {info.dataDir}
              </Typography.Text>
            ),
          },
          { key: 'platform', label: t('settings.platform'), children: info.platform },
        ]}
      />
    </Card>
  );
}
