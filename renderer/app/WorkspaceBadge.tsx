import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../i18n';
import { useWorkspaceStore } from '../store/workspace/workspace.store';

/** The header's answer to "which data am I looking at?". */
export function WorkspaceBadge() {
  const { t } = useTranslation();
  const ws = useWorkspaceStore((s) => s.current);
  if (!ws) return null;
  return (
    <Space size="middle" data-testid="workspace-badge">
      <Typography.Text type="secondary">{t('app.workspace')}</Typography.Text>
      <Typography.Text strong>{ws.name}</Typography.Text>
      {ws.demo && <Tag color="orange">{t('app.demo')}</Tag>}
      <Typography.Text type="secondary">
        {t('app.counts', { groups: formatCount(ws.counts.groups), members: formatCount(ws.counts.members), messages: formatCount(ws.counts.messages) })}
      </Typography.Text>
    </Space>
  );
}
