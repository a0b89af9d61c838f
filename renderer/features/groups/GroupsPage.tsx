import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { GroupDto } from '../../../shared/domain/group';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useGroupsStore } from '../../store/groups/groups.store';
import { GroupForm, type GroupFormTarget } from './GroupForm';
import { GroupSegmentEditor } from './GroupSegmentEditor';
import { GroupsTable } from './GroupsTable';
import { GroupsToolbar } from './GroupsToolbar';

export function GroupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const error = useGroupsStore((s) => s.error);
  const load = useGroupsStore((s) => s.load);
  const loadSegments = useGroupsStore((s) => s.loadSegments);
  const segmentId = useGroupsStore((s) => s.filters.segmentId);
  const segment = useGroupsStore((s) => s.segments.find((x) => x.id === segmentId) ?? null);
  const shown = useGroupsStore((s) => (s.loading ? null : s.items.length));
  const setArchived = useGroupsStore((s) => s.setArchived);
  const [target, setTarget] = useState<GroupFormTarget>(null);

  // Fresh on every visit; while the page is open, pushes keep it current.
  useEffect(() => {
    void load();
    // Without the list the picker just offers no segments; the table itself is unaffected.
    loadSegments().catch(() => undefined);
  }, [load, loadSegments]);

  const openNew = useCallback(() => setTarget('new'), []);
  const toggleArchive = useCallback(
    async (g: GroupDto) => {
      try {
        await setArchived(g.id, !g.archived);
        void message.success(t(g.archived ? 'groups.restoredMsg' : 'groups.archivedMsg', { name: g.name }));
      } catch (e) {
        void message.error(errorText(e));
      }
    },
    [setArchived, message, t],
  );

  return (
    <Flex orientation="vertical" gap={16}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('groups.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={openNew}>
          {t('groups.new')}
        </Button>
      </Flex>
      <GroupsToolbar />
      {segment && shown !== null && !error && (
        <Typography.Text type="secondary" data-testid="group-segment-summary">
          {t('groups.segment.summary', { name: segment.name, n: formatCount(shown) })}
        </Typography.Text>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={t('groups.loadFailed')}
          description={error}
          action={
            <Button size="small" onClick={() => void load()}>
              {t('groups.retry')}
            </Button>
          }
        />
      )}
      <GroupsTable onNew={openNew} onEdit={setTarget} onToggleArchive={toggleArchive} />
      <GroupForm target={target} onClose={() => setTarget(null)} />
      <GroupSegmentEditor />
    </Flex>
  );
}
