import { Button, Space, Typography } from 'antd';
import { CloseOutlined, FolderAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../i18n';
import { useInboxStore } from '../../store/inbox/inbox.store';
import { countLabel, selectedInOrder } from '../../store/inbox/selectors';
import type { MessageActions } from './useMessageActions';

/** Above the list: bulk actions while messages are selected; otherwise what the list shows and the keys. */
export function StatusBar({ actions }: { actions: MessageActions }) {
  const { t } = useTranslation();
  const items = useInboxStore((s) => s.items);
  const selected = useInboxStore((s) => s.selected);
  const activeQuery = useInboxStore((s) => s.activeQuery);
  const count = useInboxStore((s) => s.count);
  const status = useInboxStore((s) => s.status);
  const endReached = useInboxStore((s) => s.window.endReached);
  const clearSelection = useInboxStore((s) => s.clearSelection);

  if (selected.size > 0) {
    const list = selectedInOrder(items, selected);
    return (
      <div className="qz-statusbar" role="toolbar" aria-label={t('inbox.action.selected', { count: list.length })}>
        <Typography.Text strong>{t('inbox.action.selected', { count: list.length })}</Typography.Text>
        <Space size={4} wrap>
          <Button size="small" onClick={() => void actions.setRead(list, true)}>
            {t('inbox.action.markRead')}
          </Button>
          <Button size="small" onClick={() => void actions.setRead(list, false)}>
            {t('inbox.action.markUnread')}
          </Button>
          <Button size="small" onClick={() => void actions.setStarred(list, !list.every((m) => m.starred))}>
            {t(list.every((m) => m.starred) ? 'inbox.action.unstar' : 'inbox.action.star')}
          </Button>
          <Button size="small" onClick={() => void actions.setSpam(list, true)}>
            {t('inbox.action.spam')}
          </Button>
          <Button size="small" onClick={() => void actions.copy(list)}>
            {t('inbox.action.copy')}
          </Button>
          <Button size="small" type="primary" ghost icon={<FolderAddOutlined aria-hidden />} onClick={() => actions.addToCase(list)}>
            {t('inbox.action.addToCase')}
          </Button>
        </Space>
        <span className="qz-spacer" />
        <Button size="small" type="text" icon={<CloseOutlined aria-hidden />} onClick={clearSelection}>
          {t('inbox.action.clearSelection')}
        </Button>
      </div>
    );
  }

  let summary: string | null = null;
  if (activeQuery && status === 'ready') {
    const c = countLabel(count, items.length, endReached, formatCount);
    summary = `${t('inbox.search.resultsFor', { q: activeQuery })} · ${c ? t(`inbox.search.${c.key}`, { n: c.n }) : t('inbox.search.counting')}`;
  }
  return (
    <div className="qz-statusbar">
      {summary && (
        <Typography.Text data-testid="search-summary" strong>
          {summary}
        </Typography.Text>
      )}
      <span className="qz-spacer" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('inbox.list.keys')}
      </Typography.Text>
    </div>
  );
}
