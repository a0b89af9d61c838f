import { Flex, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TargetDto } from '../../../shared/api/broadcasts';
import { imageNote, isPlanReason, targetNote } from '../../store/broadcasts/selectors';
import { useBroadcastReportStore } from '../../store/broadcasts/report.store';
import { reasonText } from './reason';
import { TargetStatusTag } from './StatusTags';

/** The status, and under it why: the send's reason in words, the cap that skipped or moved it, or what an uncertain send asks of the operator. */
export function TargetStatusCell({ target }: { target: TargetDto }) {
  const { t } = useTranslation();
  const note = targetNote(target);
  const hasImage = useBroadcastReportStore((s) => !!s.report?.broadcast.image);
  const picture = imageNote(target, hasImage);
  const small = { fontSize: 12 };
  return (
    <Flex vertical gap={2} align="start">
      <TargetStatusTag status={target.status} />
      {target.status === 'uncertain' && (
        <Typography.Text type="warning" style={small} data-testid="uncertain-hint">
          {t('broadcasts.report.uncertainHint')}
        </Typography.Text>
      )}
      {note?.kind === 'error' && (
        // The platform's own words (untrusted text) stay in the tooltip, as text.
        <Tooltip title={note.text ? t('broadcasts.report.platformSaid', { text: note.text }) : undefined}>
          <Typography.Text type={target.status === 'failed' ? 'danger' : 'secondary'} style={small} data-testid="target-reason">
            {reasonText(t, note.key)}
          </Typography.Text>
        </Tooltip>
      )}
      {picture && (
        <Typography.Text type={picture === 'textOnly' || picture === 'imageUncertain' ? 'warning' : 'secondary'} style={small} data-testid="image-note">
          {t(`broadcasts.report.imageNote.${picture}`)}
        </Typography.Text>
      )}
      {note?.kind === 'plan' && (
        <Typography.Text type="secondary" style={small} data-testid="target-reason">
          {note.reasons.map((r) => (isPlanReason(r) ? t(`broadcasts.planReason.${r}`) : r)).join(t('broadcasts.report.listSep'))}
        </Typography.Text>
      )}
    </Flex>
  );
}
