import { Result, Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../store/route/route.store';

/** An honest placeholder for an area that is not built yet: no sample data, no dead buttons. */
export function ComingSoon({ area }: { area: Exclude<Route, 'groups' | 'settings'> }) {
  const { t } = useTranslation();
  return (
    <Result
      icon={<ClockCircleOutlined style={{ color: '#bfbfbf' }} aria-hidden />}
      title={
        <>
          {t(`nav.${area}`)} <Tag>{t('soon.title')}</Tag>
        </>
      }
      subTitle={t(`soon.${area}`)}
    />
  );
}
