import { useState } from 'react';
import { App, Button, DatePicker, Flex, Spin, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useRosterStore } from '../../store/roster/roster.store';
import { formatFullTime } from '../inbox/format';

/** When the tags were computed, and the button that recomputes them (now, or as of a past date). */
export function AsOfBanner() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const asOf = useRosterStore((s) => s.asOf);
  const retagging = useRosterStore((s) => s.retagging);
  const retag = useRosterStore((s) => s.retag);
  const [date, setDate] = useState<Dayjs | null>(null);

  const run = async () => {
    try {
      // A past day counts in full: the tags are as of its end.
      const r = await retag(date ? date.endOf('day').toISOString() : undefined);
      const c = r.counts;
      void message.success(t('roster.asOf.done', { kol: formatCount(c.kol), active: formatCount(c.active), new: formatCount(c.new), atRisk: formatCount(c['at-risk']), silent: formatCount(c.silent) }), 6);
    } catch (e) {
      void message.error(t('roster.asOf.failed', { error: errorText(e) }));
    }
  };

  return (
    <Flex align="center" gap={12} wrap className="qz-asof" data-testid="as-of" style={{ padding: '6px 12px', background: '#f6faf8', border: '1px solid #e3efe9', borderRadius: 8 }}>
      <ClockCircleOutlined aria-hidden style={{ color: '#1f7a5c' }} />
      <Typography.Text style={{ flex: 1, minWidth: 240 }} data-testid="as-of-text">
        {retagging ? (
          <Spin size="small" description={t('roster.asOf.retagging')} style={{ display: 'inline-flex', gap: 8 }} />
        ) : asOf ? (
          t('roster.asOf.label', { time: formatFullTime(asOf, i18n.language), ago: dayjs(asOf).fromNow() })
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
      <Button size="small" icon={<ReloadOutlined aria-hidden />} loading={retagging} onClick={() => void run()}>
        {t('roster.asOf.retag')}
      </Button>
    </Flex>
  );
}
