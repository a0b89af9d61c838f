import { useEffect, useState } from 'react';
import { App, Button, DatePicker, Flex, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { useRetagJobStore } from '../../store/roster/retag-job.store';
import { useRosterStore } from '../../store/roster/roster.store';
import { formatAgo, formatFullTime } from '../../lib/time';
import { RetagProgress, useRetagOutcomeMessage } from './RetagProgress';

/** When the tags were computed, and the button that recomputes them (now, or as of a past date). */
export function AsOfBanner() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const asOf = useRosterStore((s) => s.asOf);
  const job = useRetagJobStore((s) => s.job);
  const starting = useRetagJobStore((s) => s.starting);
  const start = useRetagJobStore((s) => s.start);
  const subscribe = useRetagJobStore((s) => s.subscribe);
  const said = useRetagOutcomeMessage();
  const retagging = job !== null || starting;
  const [date, setDate] = useState<Dayjs | null>(null);

  useEffect(() => subscribe(), [subscribe]);

  const run = async () => {
    try {
      // A past day counts in full: the tags are as of its end. The table refreshes on 'roster.changed'.
      said(await start(date ? date.endOf('day').toISOString() : undefined));
    } catch (e) {
      void message.error(t('roster.asOf.failed', { error: errorText(e) }));
    }
  };

  return (
    <Flex align="center" gap={12} wrap className="qz-asof" data-testid="as-of" style={{ padding: '6px 12px', background: '#f6faf8', border: '1px solid #e3efe9', borderRadius: 8 }}>
      <ClockCircleOutlined aria-hidden style={{ color: '#1f7a5c' }} />
      {job && <RetagProgress />}
      <Typography.Text style={{ flex: 1, minWidth: 240, display: job ? 'none' : undefined }} data-testid="as-of-text">
        {starting ? (
          t('roster.asOf.retagging')
        ) : asOf ? (
          t('roster.asOf.label', { time: formatFullTime(asOf, i18n.language), ago: formatAgo(asOf) })
        ) : asOf === null ? (
          t('roster.asOf.never')
        ) : null}
      </Typography.Text>
      <Tooltip title={t('roster.asOf.pastDateHint')}>
        <DatePicker
          size="small"
          allowClear
          value={date}
          onChange={setDate}
          placeholder={t('roster.asOf.pastDate')}
          aria-label={t('roster.asOf.pastDate')}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          disabled={retagging}
          style={{ width: 150 }}
        />
      </Tooltip>
      <Button size="small" icon={<ReloadOutlined aria-hidden />} loading={retagging} disabled={retagging} onClick={() => void run()}>
        {t('roster.asOf.retag')}
      </Button>
    </Flex>
  );
}
