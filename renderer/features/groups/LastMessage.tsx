import { Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/** "3 小时前", with the exact time on hover; both in the user's locale (dayjs follows applyLocale). */
export function LastMessage({ at }: { at: string | null }) {
  const { t } = useTranslation();
  if (!at) return <Typography.Text type="secondary">{t('groups.never')}</Typography.Text>;
  const d = dayjs(at);
  return (
    <Tooltip title={d.format('LLLL')}>
      <time dateTime={d.toISOString()}>{d.fromNow()}</time>
    </Tooltip>
  );
}
