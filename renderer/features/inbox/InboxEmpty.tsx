import type { ReactNode } from 'react';
import { App, Button, Empty, Flex, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { useInboxStore } from '../../store/inbox/inbox.store';
import { hasInboxFilters } from '../../store/inbox/selectors';
import { useRouteStore } from '../../store/route/route.store';
import { canLoadDemo } from '../../store/workspace/selectors';
import { useWorkspaceStore } from '../../store/workspace/workspace.store';

/** Why the list is empty, and what to do about it. */
export function InboxEmpty() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const activeQuery = useInboxStore((s) => s.activeQuery);
  const filters = useInboxStore((s) => s.filters);
  const groupId = useInboxStore((s) => s.groupId);
  const clearFilters = useInboxStore((s) => s.clearFilters);
  const setQuery = useInboxStore((s) => s.setQuery);
  const submitQuery = useInboxStore((s) => s.submitQuery);
  const navigate = useRouteStore((s) => s.navigate);
  const ws = useWorkspaceStore((s) => s.current);
  const pending = useWorkspaceStore((s) => s.pending);
  const createDemo = useWorkspaceStore((s) => s.createDemo);
  const filtered = hasInboxFilters(filters, groupId);

  const wrap = (title: string, hint: string, actions: ReactNode) => (
    <Flex justify="center" style={{ padding: '56px 24px' }}>
      <Empty
        description={
          <Flex orientation="vertical" gap={4} style={{ maxWidth: 460 }}>
            <Typography.Text strong>{title}</Typography.Text>
            <Typography.Text type="secondary">{hint}</Typography.Text>
          </Flex>
        }
      >
        <Flex gap={8} justify="center" wrap>
          {actions}
        </Flex>
      </Empty>
    </Flex>
  );

  if (activeQuery) {
    return wrap(
      t('inbox.empty.search', { q: activeQuery }),
      t('inbox.empty.searchHint'),
      <>
        {filtered && <Button onClick={clearFilters}>{t('inbox.filter.clear')}</Button>}
        <Button
          onClick={() => {
            setQuery('');
            submitQuery();
          }}
        >
          {t('inbox.empty.clearSearch')}
        </Button>
      </>,
    );
  }
  if (filtered) return wrap(t('inbox.empty.filtered'), t('inbox.empty.filteredHint'), <Button onClick={clearFilters}>{t('inbox.filter.clear')}</Button>);
  return wrap(
    t('inbox.empty.none'),
    t('inbox.empty.noneHint'),
    <>
      <Button type="primary" icon={<ImportOutlined aria-hidden />} onClick={() => navigate('imports')}>
        {t('inbox.empty.import')}
      </Button>
      {ws && canLoadDemo(ws) && (
        <Button loading={pending === 'demo'} disabled={pending !== null && pending !== 'demo'} onClick={() => createDemo().catch((e: unknown) => void message.error(errorText(e)))}>
          {ws.fixed ? t('settings.demoIntoCurrent') : t('settings.createDemo')}
        </Button>
      )}
    </>,
  );
}
