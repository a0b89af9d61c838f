import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { Alert, Button, Empty, Spin } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { Platform } from '../../../shared/domain/enums';
import type { LabelDto, MemberRowDto } from '../../../shared/domain/roster';
import { formatCount } from '../../i18n';
import { useMemberStore } from '../../store/roster/member.store';
import { useRosterStore } from '../../store/roster/roster.store';
import { defaultDir, hasRosterFilters, isSelected, loadedSelectionState, type RosterSortBy } from '../../store/roster/selectors';
import { rowAt, rowCount } from '../../store/roster/window';
import { useRouteStore } from '../../store/route/route.store';
import { formatAgo, formatFullTime } from '../../lib/time';
import { PLATFORM_COLORS, TAG_COLORS } from '../../lib/labels';
import { motiveName } from './format';

export const ROW_HEIGHT = 52;
const HEADER_HEIGHT = 40;

/** A tag-like chip in antd's preset colours, without a component per cell (see roster.css). */
function Chip({ color, outlined = false, children }: { color: string; outlined?: boolean; children: ReactNode }) {
  return <span className={`qz-chip qz-chip-${color}${outlined ? ' is-outlined' : ''}`}>{children}</span>;
}

/** A native checkbox; `indeterminate` is a DOM property, not an attribute. */
function HeadCheckbox({ state, disabled, label, onChange }: { state: 'all' | 'some' | 'none'; disabled: boolean; label: string; onChange(on: boolean): void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return <input ref={ref} type="checkbox" className="qz-check" aria-label={label} checked={state === 'all'} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />;
}

interface RowProps {
  m: MemberRowDto;
  style: CSSProperties;
  selected: boolean;
  cursor: boolean;
  opened: boolean;
  labels: ReadonlyMap<number, LabelDto>;
  lang: string;
  onClick(m: MemberRowDto, e: MouseEvent): void;
  onCheck(m: MemberRowDto, shift: boolean): void;
}

/**
 * One member. Memoized: scrolling re-renders only the rows that enter the window. Cells are
 * plain elements (chips, a native checkbox and title): antd components per cell cost a frame
 * when a page of rows scrolls in.
 */
const RosterRow = memo(function RosterRow({ m, style, selected, cursor, opened, labels, lang, onClick, onCheck }: RowProps) {
  const { t } = useTranslation();
  const platform = m.platform as Platform;
  const motive = m.fields.motive;
  return (
    <div
      role="row"
      className={`qz-roster-grid qz-roster-row${selected ? ' is-selected' : ''}${cursor ? ' is-cursor' : ''}${opened ? ' is-opened' : ''}`}
      style={style}
      data-testid="roster-row"
      data-id={m.id}
      aria-selected={selected}
      aria-current={cursor || undefined}
      onClick={(e) => onClick(m, e)}
    >
      <div role="cell" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          className="qz-check"
          checked={selected}
          readOnly
          aria-label={t('roster.table.selectRow', { name: m.name })}
          onClick={(e) => {
            e.stopPropagation();
            onCheck(m, e.shiftKey);
          }}
        />
      </div>
      <div role="cell" className="qz-roster-name" data-testid="roster-name">
        <strong title={m.name}>{m.name}</strong>
        <span title={m.platformUserId}>{m.platformUserId}</span>
      </div>
      <div role="cell">
        <Chip color={PLATFORM_COLORS[platform] ?? 'default'}>{t(`platform.${platform}`, { defaultValue: m.platform })}</Chip>
      </div>
      <div role="cell" className="qz-roster-tags" data-testid="roster-tags">
        {m.tags.map((tag) => (
          <Chip key={tag} color={TAG_COLORS[tag]}>
            {t(`roster.tag.${tag}`)}
          </Chip>
        ))}
      </div>
      <div role="cell" className="qz-roster-tags" data-testid="roster-labels">
        {m.labelIds.map((id) => {
          const l = labels.get(id);
          return l ? (
            <Chip key={id} color={l.color} outlined>
              {l.name}
            </Chip>
          ) : null;
        })}
      </div>
      <div role="cell" className="qz-roster-num">
        {formatCount(m.groupCount)}
      </div>
      <div role="cell" className="qz-roster-num">
        {formatCount(m.n30)}
      </div>
      <div role="cell">
        {m.lastMessageAt ? (
          <time dateTime={m.lastMessageAt} title={formatFullTime(m.lastMessageAt, lang)}>
            {formatAgo(m.lastMessageAt)}
          </time>
        ) : (
          <span style={{ color: 'rgba(0,0,0,0.35)' }}>{t('roster.table.never')}</span>
        )}
      </div>
      <div role="cell" title={m.fields.city}>
        {m.fields.city ?? ''}
      </div>
      <div role="cell">{motive ? motiveName(t, motive) : ''}</div>
    </div>
  );
});

function SortHeader({ by, children }: { by: RosterSortBy; children: string }) {
  const sort = useRosterStore((s) => s.sort);
  const setSort = useRosterStore((s) => s.setSort);
  const active = sort.by === by;
  return (
    <button
      type="button"
      className={`qz-roster-sort${active ? ' is-active' : ''}`}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      onClick={() => setSort({ by, dir: active ? (sort.dir === 'asc' ? 'desc' : 'asc') : defaultDir(by) })}
    >
      {children} {active && (sort.dir === 'asc' ? <ArrowUpOutlined aria-hidden /> : <ArrowDownOutlined aria-hidden />)}
    </button>
  );
}

/** A row whose page is on its way: the same height, so the scrollbar never jumps. */
function PlaceholderRow({ style }: { style: CSSProperties }) {
  return (
    <div role="row" className="qz-roster-grid qz-roster-row is-placeholder" style={style} aria-busy>
      <div role="cell" />
      <div role="cell">
        <span className="qz-roster-skeleton" />
      </div>
    </div>
  );
}

/**
 * The member table: as tall as the whole list, with only the rows on screen (plus a few) in the
 * DOM. The store keeps a few pages around them loaded (window.ts): scrolling pages by keyset,
 * dragging the scrollbar far away jumps there. Rows have one fixed height, so nothing is measured.
 */
export function RosterTable() {
  const { t, i18n } = useTranslation();
  const window = useRosterStore((s) => s.window);
  const items = useRosterStore((s) => s.items);
  const count = useRosterStore((s) => s.count);
  const status = useRosterStore((s) => s.status);
  const error = useRosterStore((s) => s.error);
  const listKey = useRosterStore((s) => s.listKey);
  const loadingPage = useRosterStore((s) => s.loadingPage);
  const pageError = useRosterStore((s) => s.pageError);
  const selection = useRosterStore((s) => s.selection);
  const cursorId = useRosterStore((s) => s.cursorId);
  const labelList = useRosterStore((s) => s.labels);
  const filters = useRosterStore((s) => s.filters);
  const ensureRows = useRosterStore((s) => s.ensureRows);
  const retryPage = useRosterStore((s) => s.retryPage);
  const reload = useRosterStore((s) => s.reload);
  const clearFilters = useRosterStore((s) => s.clearFilters);
  const selectLoaded = useRosterStore((s) => s.selectLoaded);
  const openId = useMemberStore((s) => s.openId);
  const navigate = useRouteStore((s) => s.navigate);
  const labels = useMemo(() => new Map(labelList.map((l) => [l.id, l])), [labelList]);
  const parentRef = useRef<HTMLDivElement>(null);

  const total = rowCount(window, count);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The sticky header row sits above the rows inside the scroller.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const rows = virtualizer.getVirtualItems();
  const firstIndex = rows[0]?.index ?? 0;
  const lastIndex = rows[rows.length - 1]?.index ?? -1;

  // The rows on screen ask for their pages; the store drops pages far from them.
  useEffect(() => {
    if (status === 'ready' && lastIndex >= 0) void ensureRows(firstIndex, lastIndex);
  }, [status, window, firstIndex, lastIndex, ensureRows]);

  // A new list (filter, sort) starts at its top.
  useLayoutEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [listKey, virtualizer]);

  // Keep the cursor row on screen when it moves (not at every page load).
  const windowRef = useRef(window);
  useLayoutEffect(() => {
    windowRef.current = window;
  });
  useEffect(() => {
    if (cursorId === null) return;
    const w = windowRef.current;
    const index = w.items.findIndex((m) => m.id === cursorId);
    if (index >= 0) virtualizer.scrollToIndex(w.base + index, { align: 'auto' });
  }, [cursorId, virtualizer]);

  const onRowClick = useCallback((m: MemberRowDto, e: MouseEvent) => {
    const s = useRosterStore.getState();
    if (e.shiftKey) s.selectRangeTo(m.id);
    else if (e.ctrlKey || e.metaKey) s.toggleSelect(m.id);
    else {
      s.setCursor(m.id);
      void useMemberStore.getState().open(m.id);
    }
  }, []);
  const onCheck = useCallback((m: MemberRowDto, shift: boolean) => {
    const s = useRosterStore.getState();
    if (shift) s.selectRangeTo(m.id);
    else s.toggleSelect(m.id);
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const s = useRosterStore.getState();
    const key = e.key;
    if (key === 'ArrowDown' || key === 'j') s.moveCursor(1);
    else if (key === 'ArrowUp' || key === 'k') s.moveCursor(-1);
    else if ((key === 'Enter' || key === 'o') && s.cursorId !== null) void useMemberStore.getState().open(s.cursorId);
    else if ((key === 'x' || key === ' ') && s.cursorId !== null) s.toggleSelect(s.cursorId);
    else if (key === 'Escape') s.clearSelection();
    else return;
    e.preventDefault();
  };

  const headState = loadedSelectionState(selection, items);
  const header = (
    <div role="row" className="qz-roster-grid qz-roster-head">
      <div role="columnheader">
        <HeadCheckbox state={headState} disabled={items.length === 0} label={t('roster.table.selectAllLoaded')} onChange={selectLoaded} />
      </div>
      <div role="columnheader">
        <SortHeader by="name">{t('roster.col.name')}</SortHeader>
      </div>
      <div role="columnheader">{t('roster.col.platform')}</div>
      <div role="columnheader">{t('roster.col.tags')}</div>
      <div role="columnheader">{t('roster.col.labels')}</div>
      <div role="columnheader" className="qz-roster-num">
        {t('roster.col.groups')}
      </div>
      <div role="columnheader" className="qz-roster-num">
        <SortHeader by="n30">{t('roster.col.n30')}</SortHeader>
      </div>
      <div role="columnheader">
        <SortHeader by="lastMessage">{t('roster.col.lastMessage')}</SortHeader>
      </div>
      <div role="columnheader">{t('roster.col.city')}</div>
      <div role="columnheader">{t('roster.col.motive')}</div>
    </div>
  );

  let body: ReactNode;
  if (status === 'failed') {
    body = (
      <div style={{ padding: 20 }}>
        <Alert
          type="error"
          showIcon
          title={t('roster.table.loadFailed')}
          description={error}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('roster.table.retry')}
            </Button>
          }
        />
      </div>
    );
  } else if (total === 0) {
    body =
      status === 'ready' ? (
        hasRosterFilters(filters) ? (
          <Empty style={{ padding: 48 }} description={<>{t('roster.empty.filtered')}<br />{t('roster.empty.filteredHint')}</>}>
            <Button onClick={clearFilters}>{t('roster.clearFilters')}</Button>
          </Empty>
        ) : (
          <Empty style={{ padding: 48 }} description={<>{t('roster.empty.none')}<br />{t('roster.empty.noneHint')}</>}>
            <Button type="primary" onClick={() => navigate('imports')}>
              {t('roster.empty.import')}
            </Button>
          </Empty>
        )
      ) : (
        <div style={{ padding: 48, display: 'grid', placeItems: 'center' }}>
          <Spin description={t('roster.table.loading')} />
        </div>
      );
  } else {
    body = (
      <>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: 1040 }}>
          {rows.map((r) => {
            const m = rowAt(window, r.index);
            const style = { top: 0, transform: `translateY(${r.start - HEADER_HEIGHT}px)` };
            if (!m) return <PlaceholderRow key={`p${r.index}`} style={style} />;
            return (
              <RosterRow
                key={m.id}
                m={m}
                style={style}
                selected={isSelected(selection, m.id)}
                cursor={m.id === cursorId}
                opened={m.id === openId}
                labels={labels}
                lang={i18n.language}
                onClick={onRowClick}
                onCheck={onCheck}
              />
            );
          })}
        </div>
        <div className="qz-roster-footer">
          {pageError ? (
            <Alert
              type="warning"
              showIcon
              title={t('roster.table.pageFailed', { error: pageError })}
              action={
                <Button size="small" onClick={retryPage}>
                  {t('roster.table.retry')}
                </Button>
              }
            />
          ) : loadingPage ? (
            <Spin size="small" description={t('roster.table.loadingMore')} />
          ) : !window.next && lastIndex >= total - 1 ? (
            t('roster.table.end')
          ) : (
            // The virtual rows run a page past what is loaded; the count is what the header says.
            t('roster.table.position', { from: formatCount(firstIndex + 1), to: formatCount(Math.min(lastIndex + 1, count ?? total)), total: formatCount(count ?? total) })
          )}
        </div>
      </>
    );
  }

  return (
    <div className="qz-roster-table">
      <div
        ref={parentRef}
        className="qz-roster-scroll"
        role="table"
        aria-label={t('roster.table.label')}
        aria-busy={status === 'loading'}
        aria-rowcount={total}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="roster-table"
      >
        <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 2 }}>
          {header}
        </div>
        {body}
      </div>
      <div className="qz-roster-keys">{t('roster.table.keys')}</div>
    </div>
  );
}
