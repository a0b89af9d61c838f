import { useEffect, useRef } from 'react';
import { Alert, App, Button, Checkbox, Dropdown, Empty, Flex, Spin, Tag, Typography, type MenuProps } from 'antd';
import { InboxOutlined, MoreOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { CASE_TAG_KINDS, type CaseSummaryDto } from '../../../shared/api/cases';
import { errorText } from '../../lib/errors';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { useCaseListStore } from '../../store/cases/list.store';
import { hasCaseFilters } from '../../store/cases/selectors';
import { useRouteStore } from '../../store/route/route.store';
import { useFillHeight } from '../../lib/useFillHeight';
import { ConsentBadge } from './ConsentBadge';
import { formatCaseDates, TAG_COLORS } from './format';

export const CASE_ROW_HEIGHT = 92;

/** The archive: only the rows on screen are in the DOM; the next page loads near the end. */
export function CaseList() {
  const { t } = useTranslation();
  const items = useCaseListStore((s) => s.items);
  const loaded = useCaseListStore((s) => s.loaded);
  const loading = useCaseListStore((s) => s.loading);
  const loadingMore = useCaseListStore((s) => s.loadingMore);
  const next = useCaseListStore((s) => s.next);
  const error = useCaseListStore((s) => s.error);
  const checked = useCaseListStore((s) => s.checked);
  const filters = useCaseListStore((s) => s.filters);
  const load = useCaseListStore((s) => s.load);
  const loadMore = useCaseListStore((s) => s.loadMore);
  const clearFilters = useCaseListStore((s) => s.clearFilters);
  const navigate = useRouteStore((s) => s.navigate);
  const parentRef = useRef<HTMLDivElement>(null);
  const { ref: fillRef, height } = useFillHeight<HTMLDivElement>(320, 40);

  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => parentRef.current, estimateSize: () => CASE_ROW_HEIGHT, overscan: 6, getItemKey: (i) => items[i]?.id ?? i });
  const rows = virtualizer.getVirtualItems();
  const last = rows[rows.length - 1]?.index ?? -1;
  useEffect(() => {
    if (next && last >= items.length - 10) void loadMore();
  }, [next, last, items.length, loadMore]);

  if (error && items.length === 0) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('cases.list.loadFailed')}
        description={error}
        action={
          <Button size="small" onClick={() => void load()}>
            {t('cases.list.retry')}
          </Button>
        }
      />
    );
  }
  if (!loaded) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin description={t('cases.list.loading')} />
      </Flex>
    );
  }
  if (items.length === 0) {
    const filtered = hasCaseFilters(filters);
    return (
      <Flex justify="center" style={{ padding: '56px 24px' }} data-testid="cases-empty">
        <Empty
          description={
            <Flex vertical gap={4} style={{ maxWidth: 520 }}>
              <Typography.Text strong>{t(filtered ? 'cases.empty.filteredTitle' : 'cases.empty.title')}</Typography.Text>
              <Typography.Text type="secondary">{t(filtered ? 'cases.empty.filteredHint' : 'cases.empty.hint')}</Typography.Text>
            </Flex>
          }
        >
          {filtered ? (
            <Button onClick={clearFilters}>{t('cases.filter.clear')}</Button>
          ) : (
            <Button type="primary" icon={<InboxOutlined aria-hidden />} onClick={() => navigate('inbox')}>
              {t('cases.empty.go')}
            </Button>
          )}
        </Empty>
      </Flex>
    );
  }

  return (
    <div ref={fillRef}>
      <div ref={parentRef} className="qz-case-list" role="list" aria-label={t('cases.list.label')} aria-busy={loading} style={{ height }}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((r) => {
            const c = items[r.index]!;
            return <CaseRow key={c.id} c={c} checked={checked.has(c.id)} top={r.start} />;
          })}
        </div>
        {(loadingMore || next) && (
          <div className="qz-case-list-footer">{loadingMore ? <Spin size="small" /> : <Typography.Text type="secondary">{t('cases.list.more')}</Typography.Text>}</div>
        )}
      </div>
    </div>
  );
}

function CaseRow({ c, checked, top }: { c: CaseSummaryDto; checked: boolean; top: number }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const open = useCaseEditorStore((s) => s.open);
  const toggleChecked = useCaseListStore((s) => s.toggleChecked);
  const duplicate = useCaseListStore((s) => s.duplicate);
  const remove = useCaseListStore((s) => s.remove);
  const tags = CASE_TAG_KINDS.flatMap((kind) => c.tags[kind].map((tag) => ({ kind, tag })));

  const menu: MenuProps = {
    items: [
      { key: 'open', label: t('cases.action.open') },
      { key: 'duplicate', label: t('cases.action.duplicate') },
      { type: 'divider' },
      { key: 'delete', danger: true, label: t('cases.action.delete') },
    ],
    onClick: ({ key, domEvent }) => {
      domEvent.stopPropagation();
      if (key === 'open') void open(c.id);
      else if (key === 'duplicate')
        void duplicate(c.id).then(
          () => void message.success(t('cases.action.duplicated')),
          (e: unknown) => void message.error(errorText(e)),
        );
      else if (key === 'delete')
        modal.confirm({
          title: t('cases.action.deleteConfirm', { title: c.title }),
          content: t('cases.action.deleteHint'),
          okText: t('cases.action.delete'),
          okButtonProps: { danger: true },
          onOk: () =>
            remove(c.id).then(
              () => void message.success(t('cases.action.deleted')),
              (e: unknown) => void message.error(errorText(e)),
            ),
        });
    },
  };

  return (
    <div className={checked ? 'qz-case-row is-checked' : 'qz-case-row'} role="listitem" data-testid="case-row" data-id={c.id} style={{ transform: `translateY(${top}px)`, height: CASE_ROW_HEIGHT }}>
      <Checkbox checked={checked} aria-label={`${t('cases.list.check')}：${c.title}`} onChange={() => toggleChecked(c.id)} />
      <div className="qz-case-row-body">
        <div className="qz-case-row-top">
          <button type="button" className="qz-case-title" onClick={() => void open(c.id)} title={c.title}>
            {c.title}
          </button>
          <ConsentBadge consent={c.consent} />
        </div>
        <div className="qz-case-row-meta">
          <span data-testid="case-group">{c.groupId === null ? t('cases.list.multiGroup') : c.groupName}</span>
          <span>{formatCaseDates(c.firstAt, c.lastAt, i18n.language)}</span>
          <span>{t('cases.list.messages', { count: c.messageCount })}</span>
          <span>{t('cases.list.participants', { count: c.participantCount })}</span>
        </div>
        <div className="qz-case-row-tags">
          {tags.map((x) => (
            <Tag key={`${x.kind}:${x.tag}`} color={TAG_COLORS[x.kind]} variant="outlined" title={t(`cases.tagKind.${x.kind}`)}>
              {x.tag}
            </Tag>
          ))}
        </div>
      </div>
      <div className="qz-case-row-actions">
        <Button size="small" onClick={() => void open(c.id)}>
          {t('cases.action.open')}
        </Button>
        <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
          <Button size="small" type="text" aria-label={t('cases.action.more')} icon={<MoreOutlined aria-hidden />} />
        </Dropdown>
      </div>
    </div>
  );
}
