import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BroadcastRowDto, TargetDto } from '../../../shared/api/broadcasts';
import type { Platform } from '../../../shared/domain/enums';
import { formatCount } from '../../i18n';
import { attentionCount, isTargetStatus } from '../../store/broadcasts/selectors';
import { PLATFORM_COLORS } from '../../lib/labels';
import { BROADCAST_STATUS_COLORS, TARGET_STATUS_COLORS } from './labels';

const TAG = { marginInlineEnd: 0 };

/**
 * The broadcast's status, and how many of its targets wait on the operator: "done" only means
 * the robots are through, so tasks by hand, owners' confirmations, failures and uncertain sends
 * are counted beside it (until a cancel stops them).
 */
export function BroadcastStatusTags({ b }: { b: Pick<BroadcastRowDto, 'status' | 'counts'> }) {
  const { t } = useTranslation();
  const attention = b.status === 'cancelled' ? 0 : attentionCount(b.counts);
  return (
    <Space size={4} wrap>
      <Tag color={BROADCAST_STATUS_COLORS[b.status] ?? 'default'} style={TAG} data-testid="broadcast-status" data-status={b.status}>
        {t(`broadcasts.status.${b.status}`, { defaultValue: b.status })}
      </Tag>
      {attention > 0 && (
        <Tag color="gold" style={TAG} data-testid="broadcast-attention">
          {t('broadcasts.attention', { n: formatCount(attention) })}
        </Tag>
      )}
    </Space>
  );
}

/** A target's status by name; a status this page does not know yet is shown as the core names it. */
export function TargetStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = isTargetStatus(status);
  return (
    <Tag color={known ? TARGET_STATUS_COLORS[status] : 'default'} style={TAG} data-testid="target-status" data-status={status}>
      {known ? t(`broadcasts.target.${status}`) : status}
    </Tag>
  );
}

export function PlatformTag({ platform }: { platform: Platform }) {
  const { t } = useTranslation();
  return (
    <Tag color={PLATFORM_COLORS[platform] ?? 'default'} style={TAG}>
      {t(`platform.${platform}`, { defaultValue: platform })}
    </Tag>
  );
}

/** 自动 / 群主确认 / 手动, with what each means on hover. */
export function ModeText({ mode }: { mode: TargetDto['mode'] }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`broadcasts.modeHint.${mode}`)}>
      <span data-testid="target-mode" data-mode={mode}>
        {t(`broadcasts.mode.${mode}`)}
      </span>
    </Tooltip>
  );
}
