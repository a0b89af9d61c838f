import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseConsent } from '../../../shared/api/cases';

const LOOK: Record<CaseConsent, { color: string; icon: ReactNode }> = {
  granted: { color: 'success', icon: <CheckCircleOutlined aria-hidden /> },
  pending: { color: 'warning', icon: <ClockCircleOutlined aria-hidden /> },
  declined: { color: 'error', icon: <CloseCircleOutlined aria-hidden /> },
};

/** A case's consent at a glance: 已同意 / 待确认 / 有人拒绝. */
export function ConsentBadge({ consent }: { consent: CaseConsent }) {
  const { t } = useTranslation();
  const look = LOOK[consent];
  return (
    <Tag color={look.color} icon={look.icon} data-testid="consent-badge" data-consent={consent} style={{ marginInlineEnd: 0 }}>
      {t(`cases.consent.${consent}`)}
    </Tag>
  );
}
