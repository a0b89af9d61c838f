import { Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BroadcastRowDto } from '../../../shared/api/broadcasts';
import { formatCount } from '../../i18n';
import { isTargetStatus, progressOf, statusSummary } from '../../store/broadcasts/selectors';

/**
 * Done (sent by a robot or ticked by hand) of all targets, and the count per status in a line:
 * "已发送 2 · 已手动发送 5 · 待手动发送 3".
 */
export function BroadcastProgress({ b, wide = false }: { b: Pick<BroadcastRowDto, 'status' | 'targets' | 'counts'>; wide?: boolean }) {
  const { t } = useTranslation();
  const p = progressOf(b);
  const status = p.failed > 0 ? 'exception' : p.total > 0 && p.done === p.total ? 'success' : b.status === 'sending' ? 'active' : 'normal';
  return (
    <Flex vertical gap={2} style={{ minWidth: 0 }} data-testid="broadcast-progress" data-done={p.done} data-total={p.total}>
      <Progress
        percent={p.percent}
        status={status}
        size={wide ? undefined : 'small'}
        format={() => t('broadcasts.progress', { done: formatCount(p.done), total: formatCount(p.total) })}
        aria-label={t('broadcasts.progressLabel')}
        style={{ margin: 0 }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="status-counts">
        {statusSummary(b.counts)
          .map((c) => `${isTargetStatus(c.status) ? t(`broadcasts.target.${c.status}`) : c.status} ${formatCount(c.n)}`)
          .join(' · ')}
      </Typography.Text>
    </Flex>
  );
}
