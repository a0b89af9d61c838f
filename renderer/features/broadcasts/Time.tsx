import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFullTime, formatMessageTime } from '../inbox/format';

/** A moment in the reader's language: short in the cell, in full on hover; a dash when there is none. */
export function Time({ iso, secondary = false }: { iso: string | null; secondary?: boolean }) {
  const { i18n } = useTranslation();
  if (!iso) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Tooltip title={formatFullTime(iso, i18n.language)}>
      <Typography.Text {...(secondary ? { type: 'secondary' as const } : {})}>
        <time dateTime={iso}>{formatMessageTime(iso, i18n.language)}</time>
      </Typography.Text>
    </Tooltip>
  );
}
