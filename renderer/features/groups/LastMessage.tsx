import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatAgo, formatFullTime } from '../../lib/time';

/** "3 小时前", with the exact time on hover, as the roster shows a member's last message. */
export function LastMessage({ at }: { at: string | null }) {
  const { t, i18n } = useTranslation();
  if (!at) return <Typography.Text type="secondary">{t('groups.never')}</Typography.Text>;
  return (
    <Tooltip title={formatFullTime(at, i18n.language)}>
      <time dateTime={at}>{formatAgo(at)}</time>
    </Tooltip>
  );
}
