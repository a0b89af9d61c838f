import { App, Button, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RETAG_PHASES } from '../../../shared/events';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { retagPercent, retagStep, useRetagJobStore, type RetagOutcome } from '../../store/roster/retag-job.store';

/** What to say when a re-tag this window started has ended (a cancel says so itself, below). */
export function useRetagOutcomeMessage(): (o: RetagOutcome) => void {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (o) => {
    if (o.status === 'done') {
      const c = o.result.counts;
      void message.success(t('roster.asOf.done', { kol: formatCount(c.kol), active: formatCount(c.active), new: formatCount(c.new), atRisk: formatCount(c['at-risk']), silent: formatCount(c.silent) }), 6);
    } else if (o.status === 'failed') void message.error(t('roster.asOf.failed', { error: o.error }));
  };
}

/**
 * The running re-tag (whoever started it): a progress bar, the phase by name, and 取消. A
 * cancelled job stored nothing, and the message says so.
 */
export function RetagProgress() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const job = useRetagJobStore((s) => s.job);
  const cancelling = useRetagJobStore((s) => s.cancelling);
  const cancel = useRetagJobStore((s) => s.cancel);
  if (!job) return null;

  const onCancel = async () => {
    try {
      if (await cancel()) void message.info(t('roster.retagJob.cancelled'), 6);
    } catch (e) {
      void message.error(t('roster.retagJob.cancelFailed', { error: errorText(e) }));
    }
  };

  return (
    <Flex align="center" gap={12} wrap style={{ flex: 1, minWidth: 260 }} data-testid="retag-progress" data-phase={job.phase}>
      <Progress percent={retagPercent(job)} status="active" size="small" style={{ flex: 1, minWidth: 140, margin: 0 }} aria-label={t('roster.retagJob.progress')} />
      <Typography.Text type="secondary" data-testid="retag-phase">
        {t('roster.retagJob.phase', { step: retagStep(job.phase), steps: RETAG_PHASES.length, name: t(`roster.retagJob.phases.${job.phase}`) })}
      </Typography.Text>
      <Button size="small" danger loading={cancelling} onClick={() => void onCancel()}>
        {t('roster.retagJob.cancel')}
      </Button>
    </Flex>
  );
}
