import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFullTime, formatShortTime } from './time';

/**
 * A moment in the reader's language: short where it stands, in full on hover. A `<time>` with its
 * ISO value, so tests and assistive tools read the exact instant whatever the words.
 */
export function Time({ iso, className }: { iso: string; className?: string }) {
  const { i18n } = useTranslation();
  return (
    <Tooltip title={formatFullTime(iso, i18n.language)}>
      <time className={className} dateTime={iso}>
        {formatShortTime(iso, i18n.language)}
      </time>
    </Tooltip>
  );
}
