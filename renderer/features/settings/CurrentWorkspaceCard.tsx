import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../i18n';
import { useWorkspaceStore } from '../../store/workspace/workspace.store';

export function CurrentWorkspaceCard() {
  const { t } = useTranslation();
  const ws = useWorkspaceStore((s) => s.current);
  if (!ws) return null;
  return (
    <Card title={t('settings.workspace')}>
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'name',
            label: t('settings.name'),
            children: (
              <>
                {ws.name} {ws.demo && <Tag color="orange">{t('app.demo')}</Tag>}
              </>
            ),
          },
          {
            key: 'path',
            label: t('settings.path'),
            children: (
              <Typography.Text copyable code>
                {ws.path}
              </Typography.Text>
            ),
          },
          { key: 'schema', label: t('settings.schema'), children: ws.schemaVersion },
          {
            key: 'counts',
            label: t('settings.counts'),
            children: t('app.counts', { groups: formatCount(ws.counts.groups), members: formatCount(ws.counts.members), messages: formatCount(ws.counts.messages) }),
          },
        ]}
      />
    </Card>
  );
}
