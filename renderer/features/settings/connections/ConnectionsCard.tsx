import { useEffect, useRef, useState } from 'react';
import { ApiOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConnectionsStore } from '../../../store/connections/connections.store';
import { useWorkspaceStore } from '../../../store/workspace/workspace.store';
import { RobotList } from './RobotList';
import { RobotModal, type RobotModalTarget } from './RobotModal';
import { VaultStatus } from './VaultStatus';

/** `#/settings/connections` lands here (later pages link to it when a group has no robot yet). */
export const CONNECTIONS_HASH = '#/settings/connections';

/** Settings → 连接: the workspace's group robots, where their secrets are kept, add/test/pause/edit/delete. */
export function ConnectionsCard() {
  const { t } = useTranslation();
  const workspaceId = useWorkspaceStore((s) => s.current?.id);
  const robots = useConnectionsStore((s) => s.robots);
  const vault = useConnectionsStore((s) => s.vault);
  const loaded = useConnectionsStore((s) => s.loaded);
  const loading = useConnectionsStore((s) => s.loading);
  const error = useConnectionsStore((s) => s.error);
  const load = useConnectionsStore((s) => s.load);
  const watch = useConnectionsStore((s) => s.watch);
  const [target, setTarget] = useState<RobotModalTarget>(null);
  const ref = useRef<HTMLDivElement>(null);

  // Robots belong to a workspace: another workspace, another list.
  useEffect(() => {
    if (workspaceId) void load();
  }, [workspaceId, load]);

  useEffect(() => watch(), [watch]);

  useEffect(() => {
    if (window.location.hash === CONNECTIONS_HASH) ref.current?.scrollIntoView({ block: 'start' });
  }, []);

  const locked = vault?.locked ?? false;
  const addButton = (primary: boolean) => (
    <Button type={primary ? 'primary' : 'default'} icon={<PlusOutlined aria-hidden />} disabled={locked || !loaded} onClick={() => setTarget('new')}>
      {t('connections.add')}
    </Button>
  );

  return (
    <Card
      ref={ref}
      id="connections"
      role="region"
      aria-label={t('connections.title')}
      data-testid="connections"
      title={
        <Flex gap={8} align="center">
          <ApiOutlined aria-hidden />
          {t('connections.title')}
        </Flex>
      }
      extra={robots.length > 0 ? addButton(false) : undefined}
    >
      <Flex orientation="vertical" gap={12}>
        <Typography.Text type="secondary">{t('connections.intro')}</Typography.Text>
        <VaultStatus vault={vault} />
        {error && (
          <Alert
            type="error"
            showIcon
            title={t('connections.loadFailed')}
            description={error}
            action={
              <Button size="small" onClick={() => void load()}>
                {t('connections.retry')}
              </Button>
            }
          />
        )}
        {!loaded ? (
          <Spin spinning={loading} style={{ paddingBlock: 24 }} />
        ) : robots.length > 0 ? (
          <RobotList robots={robots} locked={locked} onEdit={setTarget} />
        ) : (
          !error && (
            <Empty
              data-testid="connections-empty"
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <Flex orientation="vertical" gap={4} align="center" style={{ maxWidth: 520, marginInline: 'auto' }}>
                  <Typography.Text strong>{t('connections.emptyTitle')}</Typography.Text>
                  <Typography.Text type="secondary">{t('connections.emptyBody')}</Typography.Text>
                </Flex>
              }
            >
              {addButton(true)}
            </Empty>
          )
        )}
      </Flex>
      <RobotModal target={target} locked={locked} onClose={() => setTarget(null)} />
    </Card>
  );
}
