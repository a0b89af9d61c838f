import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Skeleton, Space, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReportDto } from '../../../shared/api/broadcasts';
import { formatCount } from '../../i18n';
import { safeImageUrl } from '../../store/broadcasts/message-preview';
import { useBroadcastReportStore } from '../../store/broadcasts/report.store';
import { formatFullTime } from '../../lib/time';
import { AuditLog } from './AuditLog';
import { BroadcastProgress } from './BroadcastProgress';
import { ReportActions } from './ReportActions';
import { TargetsTable } from './TargetsTable';
import { BroadcastStatusTags } from './StatusTags';

/** Name, status, when, the text as written (variables unfilled), and the live progress bar. */
function ReportHeader({ b }: { b: ReportDto['broadcast'] }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" data-testid="report-header">
      <Flex vertical gap={12}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'scheduledAt', label: t('broadcasts.report.scheduledAt'), children: <time dateTime={b.scheduledAt}>{formatFullTime(b.scheduledAt, i18n.language)}</time> },
            { key: 'createdAt', label: t('broadcasts.report.createdAt'), children: <time dateTime={b.createdAt}>{formatFullTime(b.createdAt, i18n.language)}</time> },
            ...(b.title ? [{ key: 'title', label: t('broadcasts.report.messageTitle'), span: 2, children: <Typography.Text>{b.title}</Typography.Text> }] : []),
            {
              key: 'body',
              label: t('broadcasts.report.body'),
              span: 2,
              children: (
                // The text as written, shown as text (never as HTML); long texts fold.
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: 'collapsible', symbol: (open) => t(open ? 'broadcasts.report.less' : 'broadcasts.report.more') }} data-testid="report-body">
                  {b.body}
                </Typography.Paragraph>
              ),
            },
            ...(b.image ? [{ key: 'image', label: t('broadcasts.report.image'), span: 2, children: <ReportImage /> }] : []),
          ]}
        />
        <BroadcastProgress b={b} wide />
      </Flex>
    </Card>
  );
}

/** The broadcast's picture, read from the core once per report. */
function ReportImage() {
  const { t } = useTranslation();
  const imageData = useBroadcastReportStore((s) => s.imageData);
  const id = useBroadcastReportStore((s) => s.report?.broadcast.image?.id);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    imageData().then(
      (u) => live && setUrl(safeImageUrl(u) ?? null),
      () => live && setUrl(null),
    );
    return () => {
      live = false;
    };
  }, [id, imageData]);
  return url ? <img src={url} alt={t('broadcasts.report.image')} style={{ maxWidth: 240, maxHeight: 180, borderRadius: 6, border: '1px solid #f0f0f0' }} data-testid="report-image" /> : <Typography.Text type="secondary">…</Typography.Text>;
}

/** One broadcast's delivery report: header with the actions, then the targets and the audit log. */
export function BroadcastReport({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  const report = useBroadcastReportStore((s) => s.report);
  const error = useBroadcastReportStore((s) => s.error);
  const reload = useBroadcastReportStore((s) => s.reload);

  return (
    <Flex vertical gap={16} data-testid="broadcast-report">
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Space align="center" size={12} wrap>
          <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={onBack}>
            {t('broadcasts.report.back')}
          </Button>
          {report && (
            <>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="report-name">
                {report.broadcast.name}
              </Typography.Title>
              <BroadcastStatusTags b={report.broadcast} />
            </>
          )}
        </Space>
        {report && <ReportActions broadcast={report.broadcast} />}
      </Flex>
      {error && !report ? (
        <Alert
          type="error"
          showIcon
          title={t('broadcasts.report.loadFailed')}
          description={error}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('broadcasts.retry')}
            </Button>
          }
        />
      ) : !report ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <ReportHeader b={report.broadcast} />
          <Tabs
            items={[
              { key: 'targets', label: t('broadcasts.report.tabTargets', { n: formatCount(report.targets.length) }), children: <TargetsTable report={report} /> },
              { key: 'log', label: t('broadcasts.report.tabLog'), children: <AuditLog log={report.log} /> },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
