import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RobotPlatform } from '../../../../shared/api/connections';

const STEPS = ['s1', 's2', 's3', 's4', 's5'] as const;
const GUIDE_STYLE = { background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 16px', marginBottom: 16 } as const;

/** Where on the platform the robot is made, which security option to pick and what to copy. */
export function SetupGuide({ platform }: { platform: RobotPlatform }) {
  const { t } = useTranslation();
  const titleId = `robot-guide-${platform}`;
  return (
    <section aria-labelledby={titleId} data-testid="robot-guide" data-platform={platform} style={GUIDE_STYLE}>
      <Typography.Text strong id={titleId}>
        {t(`connections.guide.title.${platform}`)}
      </Typography.Text>
      <ol style={{ margin: '8px 0', paddingInlineStart: 22, lineHeight: 1.7 }}>
        {STEPS.map((s) => (
          <li key={s}>{t(`connections.guide.${platform}.${s}`)}</li>
        ))}
      </ol>
      <Typography.Text type="secondary">{t(`connections.guide.note.${platform}`)}</Typography.Text>
    </section>
  );
}
