import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { Alert, Button, Spin } from 'antd';
import { ArrowUpOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { MessageDto } from '../../../shared/domain/message';
import { formatCount } from '../../i18n';
import { useInboxDetailStore } from '../../store/inbox/detail.store';
import { useInboxStore } from '../../store/inbox/inbox.store';
import { MAX_WINDOW } from '../../store/inbox/window';
import { InboxEmpty } from './InboxEmpty';
import { MessageRow, ROW_HEIGHT } from './MessageRow';
import type { MessageActions } from './useMessageActions';

// Load the next page this many rows before the reader reaches the edge.
const EDGE_ROWS = 25;

/**
 * The message list: only the rows on screen (plus a few) are in the DOM. Rows have one fixed
 * height, so millions of stored messages page through a window of a few thousand without
 * measuring anything. The virtualizer keeps the row the reader is looking at in place when
 * rows are added or dropped above it (`anchorTo: 'end'` anchors by key, not by offset), so
 * messages arriving at the top never move the text being read.
 */
export function MessageList({ actions }: { actions: MessageActions }) {
  const { t } = useTranslation();
  const items = useInboxStore((s) => s.items);
  const status = useInboxStore((s) => s.status);
  const error = useInboxStore((s) => s.error);
  const listKey = useInboxStore((s) => s.listKey);
  const cursorId = useInboxStore((s) => s.cursorId);
  const selected = useInboxStore((s) => s.selected);
  const loadingOlder = useInboxStore((s) => s.loadingOlder);
  const loadingNewer = useInboxStore((s) => s.loadingNewer);
  const pageError = useInboxStore((s) => s.pageError);
  const endReached = useInboxStore((s) => s.window.endReached);
  const searchFull = useInboxStore((s) => s.searchFull);
  const fresh = useInboxStore((s) => s.fresh);
  const loadOlder = useInboxStore((s) => s.loadOlder);
  const loadNewer = useInboxStore((s) => s.loadNewer);
  const reload = useInboxStore((s) => s.reload);
  const seenTop = useInboxStore((s) => s.seenTop);
  const openId = useInboxDetailStore((s) => s.openId);
  const parentRef = useRef<HTMLDivElement>(null);
  const [scrolled, setScrolled] = useState(false);

  const getItemKey = useCallback((i: number) => items[i]?.id ?? i, [items]);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey,
    anchorTo: 'end',
  });
  const rows = virtualizer.getVirtualItems();
  const firstIndex = rows[0]?.index ?? 0;
  const lastIndex = rows[rows.length - 1]?.index ?? -1;

  // Paging at the edges. After a failed page the reader retries by hand (no retry storm).
  useEffect(() => {
    if (status === 'ready' && !pageError && items.length > 0 && lastIndex >= items.length - EDGE_ROWS) void loadOlder();
  }, [status, pageError, items.length, lastIndex, loadOlder]);
  useEffect(() => {
    if (status === 'ready' && !pageError && items.length > 0 && firstIndex <= EDGE_ROWS) void loadNewer();
  }, [status, pageError, items.length, firstIndex, loadNewer]);

  // A new list (filter, group, query) starts at its top.
  useLayoutEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [listKey, virtualizer]);

  // j/k: keep the cursor row on screen (when the cursor moves, not at every page load).
  const itemsRef = useRef(items);
  useLayoutEffect(() => {
    itemsRef.current = items;
  });
  useEffect(() => {
    if (cursorId === null) return;
    const index = itemsRef.current.findIndex((m) => m.id === cursorId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [cursorId, virtualizer]);

  const onScroll = () => {
    const top = parentRef.current?.scrollTop ?? 0;
    setScrolled(top > ROW_HEIGHT / 2);
    if (top < ROW_HEIGHT / 2) seenTop();
  };

  const onRowClick = useCallback(
    (m: MessageDto, e: MouseEvent) => {
      const s = useInboxStore.getState();
      if (e.shiftKey) s.selectRangeTo(m.id);
      else if (e.ctrlKey || e.metaKey) s.toggleSelect(m.id);
      else actions.open(m);
    },
    [actions],
  );
  const onCheck = useCallback((m: MessageDto, shift: boolean) => {
    const s = useInboxStore.getState();
    if (shift) s.selectRangeTo(m.id);
    else s.toggleSelect(m.id);
  }, []);

  if (status === 'failed') {
    return (
      <div style={{ padding: 20 }}>
        <Alert
          type="error"
          showIcon
          title={t('inbox.list.loadFailed')}
          description={error}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('inbox.list.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (items.length === 0) {
    if (status === 'ready') return <InboxEmpty />;
    return (
      <div style={{ padding: 48, display: 'grid', placeItems: 'center' }}>
        <Spin description={t('inbox.list.loading')} />
      </div>
    );
  }

  return (
    <div className="qz-list-wrap">
      {(status === 'loading' || loadingNewer) && (
        <div className="qz-floating">
          <Spin size="small" />
        </div>
      )}
      {fresh > 0 && scrolled && status === 'ready' && (
        <div className="qz-floating">
          <Button
            type="primary"
            shape="round"
            size="small"
            icon={<ArrowUpOutlined aria-hidden />}
            onClick={() => {
              virtualizer.scrollToOffset(0);
              seenTop();
            }}
          >
            {t('inbox.list.fresh', { count: fresh })}
          </Button>
        </div>
      )}
      <div ref={parentRef} className="qz-list" role="list" aria-label={t('inbox.list.label')} aria-busy={status === 'loading'} onScroll={onScroll}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((r) => {
            const m = items[r.index]!;
            return (
              <MessageRow
                key={m.id}
                m={m}
                style={{ top: 0, transform: `translateY(${r.start}px)` }}
                cursor={m.id === cursorId}
                selected={selected.has(m.id)}
                opened={m.id === openId}
                actions={actions}
                onRowClick={onRowClick}
                onCheck={onCheck}
              />
            );
          })}
        </div>
        <div className="qz-list-footer">
          {pageError ? (
            <Alert
              type="warning"
              showIcon
              title={t('inbox.list.pageFailed', { error: pageError })}
              action={
                <Button
                  size="small"
                  onClick={() => {
                    void loadOlder();
                    void loadNewer();
                  }}
                >
                  {t('inbox.list.retry')}
                </Button>
              }
            />
          ) : loadingOlder ? (
            <Spin size="small" description={t('inbox.list.loadingOlder')} />
          ) : searchFull ? (
            t('inbox.list.searchFull', { count: formatCount(MAX_WINDOW) })
          ) : endReached ? (
            t('inbox.list.end')
          ) : null}
        </div>
      </div>
    </div>
  );
}
