import { useMemo, type HTMLAttributes } from 'react';
import { Empty, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ReportDto } from '../../../shared/api/broadcasts';
import { formatCount } from '../../i18n';
import { logLine, newestFirst, sendReasonKey, type LogEntry } from '../../store/broadcasts/selectors';
import { reasonText } from './reason';
import { VIRTUAL_FROM } from './labels';
import { TimeCell } from './TimeCell';
import { useFillHeight } from '../../lib/useFillHeight';

/** One log line in words: "标记为已发送", "发送失败：Webhook 地址无效…", "取消剩余（3 个群）". */
function describe(t: TFunction, e: LogEntry): string {
  const l = logLine(e);
  const reason = l.reason ? reasonText(t, sendReasonKey(l.reason, 'other')) : '';
  switch (l.action) {
    case 'created':
    case 'retry-failed':
    case 'cancelled':
      return l.count === null ? t(`broadcasts.log.${l.action}`) : t(`broadcasts.log.${l.action}N`, { n: formatCount(l.count) });
    case 'failed':
    case 'uncertain':
    case 'retry':
      return reason ? t(`broadcasts.log.${l.action}Why`, { reason }) : t(`broadcasts.log.${l.action}`);
    case 'other':
      return e.action;
    default:
      return t(`broadcasts.log.${l.action}`);
  }
}

/** 操作记录: who did what to which group when, newest first. */
export function AuditLog({ log }: { log: ReportDto['log'] }) {
  const { t } = useTranslation();
  const rows = useMemo(() => newestFirst(log.map((e, i) => ({ ...e, key: i }))), [log]);
  const { ref, height } = useFillHeight<HTMLDivElement>(320);
  return (
    <div ref={ref}>
      <Table
        virtual={rows.length >= VIRTUAL_FROM}
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900, y: height }}
        aria-label={t('broadcasts.report.tabLog')}
        onRow={(e) => ({ 'data-testid': 'log-row', 'data-action': e.action }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('broadcasts.log.empty')} /> }}
        columns={[
          { key: 'at', title: t('broadcasts.log.col.at'), width: 170, render: (_: unknown, e: LogEntry) => <TimeCell iso={e.at} /> },
          {
            key: 'actor',
            title: t('broadcasts.log.col.actor'),
            width: 150,
            render: (_: unknown, e: LogEntry) => (logLine(e).byApp ? <Typography.Text type="secondary">{t('broadcasts.log.byApp')}</Typography.Text> : <Typography.Text>{e.actor}</Typography.Text>),
          },
          { key: 'action', title: t('broadcasts.log.col.action'), width: 340, render: (_: unknown, e: LogEntry) => <span data-testid="log-action">{describe(t, e)}</span> },
          {
            key: 'group',
            title: t('broadcasts.log.col.group'),
            width: 240,
            render: (_: unknown, e: LogEntry) => (e.groupName ? <Typography.Text ellipsis={{ tooltip: e.groupName }}>{e.groupName}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
          },
        ]}
      />
    </div>
  );
}
