import { useMemo } from 'react';
import { Alert, App, Button, Dropdown, Typography, type MenuProps } from 'antd';
import { EllipsisOutlined, PushpinFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { InboxGroupDto } from '../../../shared/domain/message';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useInboxStore } from '../../store/inbox/inbox.store';
import { sidebarSections } from '../../store/inbox/selectors';

function Count({ n, label }: { n: number; label: string }) {
  return (
    <span className={n > 0 ? 'qz-count' : 'qz-count is-zero'} data-testid="unread-count" data-count={n} aria-label={label}>
      {formatCount(n)}
    </span>
  );
}

function GroupItem({ g, active }: { g: InboxGroupDto; active: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const setGroup = useInboxStore((s) => s.setGroup);
  const pin = useInboxStore((s) => s.pin);
  const markGroup = useInboxStore((s) => s.markGroup);

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const menu: MenuProps = {
    items: [
      { key: 'pin', label: t(g.pinned ? 'inbox.unpin' : 'inbox.pin') },
      { key: 'read', label: t('inbox.markGroupRead'), disabled: g.unread === 0 },
      { key: 'unread', label: t('inbox.markGroupUnread') },
    ],
    onClick: ({ key }) => {
      if (key === 'pin') void run(() => pin(g.id, !g.pinned), t(g.pinned ? 'inbox.unpinnedMsg' : 'inbox.pinnedMsg', { name: g.name }));
      else if (key === 'unread') void run(() => markGroup(g.id, false), t('inbox.groupMarkedUnread', { name: g.name }));
      else if (key === 'read') {
        // The whole group at once loses which messages were unread: ask first.
        modal.confirm({
          title: t('inbox.markGroupReadConfirm', { name: g.name, count: g.unread }),
          content: t('inbox.markGroupReadHint'),
          okText: t('inbox.markGroupRead'),
          cancelText: t('form.cancel'),
          onOk: () => run(() => markGroup(g.id, true), t('inbox.groupMarkedRead', { name: g.name })),
        });
      }
    },
  };

  return (
    <li className={active ? 'qz-side-item is-active' : 'qz-side-item'} data-testid="sidebar-group" data-group-id={g.id}>
      <button type="button" className="qz-side-main" aria-pressed={active} onClick={() => setGroup(active ? null : g.id)} title={g.name}>
        {g.pinned && <PushpinFilled aria-hidden style={{ color: '#1f7a5c', fontSize: 12 }} />}
        <span className="qz-side-name">{g.name}</span>
        <Count n={g.unread} label={t('inbox.unreadCount', { count: g.unread })} />
      </button>
      <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
        <button type="button" className="qz-side-menu" aria-label={t('inbox.groupMenu', { name: g.name })}>
          <EllipsisOutlined aria-hidden />
        </button>
      </Dropdown>
    </li>
  );
}

/** Groups with their unread counters: pinned first, then by platform. Picking one filters the list to it. */
export function GroupSidebar() {
  const { t } = useTranslation();
  const groups = useInboxStore((s) => s.groups);
  const total = useInboxStore((s) => s.totalUnread);
  const groupId = useInboxStore((s) => s.groupId);
  const loaded = useInboxStore((s) => s.groupsLoaded);
  const error = useInboxStore((s) => s.groupsError);
  const setGroup = useInboxStore((s) => s.setGroup);
  const loadGroups = useInboxStore((s) => s.loadGroups);
  const sections = useMemo(() => sidebarSections(groups), [groups]);

  return (
    <nav className="qz-side" aria-label={t('inbox.groupsLabel')}>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        <li className={groupId === null ? 'qz-side-item is-active' : 'qz-side-item'} data-testid="sidebar-all">
          <button type="button" className="qz-side-main" aria-pressed={groupId === null} onClick={() => setGroup(null)}>
            <span className="qz-side-name">{t('inbox.allGroups')}</span>
            <Count n={total} label={t('inbox.unreadCount', { count: total })} />
          </button>
          <span style={{ width: 28 }} />
        </li>
      </ul>
      {error && (
        <div style={{ padding: '8px 12px' }}>
          <Alert
            type="error"
            showIcon
            title={t('inbox.groupsFailed')}
            description={error}
            action={
              <Button size="small" onClick={() => void loadGroups()}>
                {t('inbox.list.retry')}
              </Button>
            }
          />
        </div>
      )}
      {loaded && !error && groups.length === 0 && (
        <Typography.Paragraph type="secondary" style={{ padding: '12px 16px', fontSize: 13 }}>
          {t('inbox.noGroups')}
        </Typography.Paragraph>
      )}
      {sections.map((s) => (
        <section key={s.key} className="qz-side-section" aria-label={s.key === 'pinned' ? t('inbox.pinned') : t(`platform.${s.key}`)}>
          <div className="qz-side-head">
            <span>{s.key === 'pinned' ? t('inbox.pinned') : t(`platform.${s.key}`)}</span>
            {s.unread > 0 && <span>{formatCount(s.unread)}</span>}
          </div>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {s.groups.map((g) => (
              <GroupItem key={g.id} g={g} active={g.id === groupId} />
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
