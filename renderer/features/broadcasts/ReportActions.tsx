import { App, Button, Dropdown, Space } from 'antd';
import { DownloadOutlined, RedoOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ReportDto } from '../../../shared/api/broadcasts';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { broadcastActions, cancellable } from '../../store/broadcasts/selectors';
import { useBroadcastReportStore } from '../../store/broadcasts/report.store';

/** 重试失败, 取消剩余 (after saying what stops and what stays) and 导出报告 CSV / XLSX. */
export function ReportActions({ broadcast }: { broadcast: ReportDto['broadcast'] }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const running = useBroadcastReportStore((s) => s.running);
  const retryFailed = useBroadcastReportStore((s) => s.retryFailed);
  const cancel = useBroadcastReportStore((s) => s.cancel);
  const exportReport = useBroadcastReportStore((s) => s.exportReport);
  const can = broadcastActions(broadcast);
  const failed = broadcast.counts.failed ?? 0;

  const onRetry = async () => {
    try {
      const n = await retryFailed();
      void message.success(t('broadcasts.report.retried', { n: formatCount(n) }));
    } catch (e) {
      void message.error(t('broadcasts.report.actionFailed', { error: errorText(e) }));
    }
  };

  const onCancel = () => {
    const c = cancellable(broadcast.counts);
    const parts = [
      c.queued > 0 && t('broadcasts.report.cancelQueued', { n: formatCount(c.queued) }),
      c.manual > 0 && t('broadcasts.report.cancelManual', { n: formatCount(c.manual) }),
      c.owner > 0 && t('broadcasts.report.cancelOwner', { n: formatCount(c.owner) }),
    ].filter((p): p is string => Boolean(p));
    void modal.confirm({
      title: t('broadcasts.report.cancelTitle', { name: broadcast.name }),
      content: (
        <div data-testid="cancel-confirm">
          <p style={{ marginBottom: 8 }}>{t('broadcasts.report.cancelStops', { what: parts.join(t('broadcasts.report.listSep')) })}</p>
          <p style={{ margin: 0 }}>{t('broadcasts.report.cancelStays')}</p>
        </div>
      ),
      okText: t('broadcasts.report.cancelOk'),
      okButtonProps: { danger: true },
      cancelText: t('broadcasts.report.keep'),
      onOk: async () => {
        try {
          const n = await cancel();
          void message.success(t('broadcasts.report.cancelled', { n: formatCount(n) }));
        } catch (e) {
          void message.error(t('broadcasts.report.actionFailed', { error: errorText(e) }));
        }
      },
    });
  };

  const onExport = async (format: 'csv' | 'xlsx') => {
    try {
      const r = await exportReport(format);
      void message.success(t('broadcasts.report.exported', { n: formatCount(r.rows), name: r.name }));
    } catch (e) {
      void message.error(t('broadcasts.report.exportFailed', { error: errorText(e) }));
    }
  };

  return (
    <Space wrap>
      {can.retry && (
        <Button icon={<RedoOutlined aria-hidden />} loading={running === 'retry'} disabled={running !== null && running !== 'retry'} onClick={() => void onRetry()}>
          {t('broadcasts.report.retry', { n: formatCount(failed) })}
        </Button>
      )}
      {can.cancel && (
        <Button danger icon={<StopOutlined aria-hidden />} loading={running === 'cancel'} disabled={running !== null && running !== 'cancel'} onClick={onCancel}>
          {t('broadcasts.report.cancel')}
        </Button>
      )}
      <Dropdown
        trigger={['click']}
        disabled={running !== null}
        menu={{
          items: [
            { key: 'csv', label: t('broadcasts.report.exportCsv') },
            { key: 'xlsx', label: t('broadcasts.report.exportXlsx') },
          ],
          onClick: ({ key }) => void onExport(key as 'csv' | 'xlsx'),
        }}
      >
        <Button icon={<DownloadOutlined aria-hidden />} loading={running === 'export'}>
          {t('broadcasts.report.export')}
        </Button>
      </Dropdown>
    </Space>
  );
}
