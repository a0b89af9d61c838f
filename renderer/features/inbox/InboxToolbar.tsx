import type { RefObject } from 'react';
import { Button, Checkbox, DatePicker, Flex, Input, Popover, Select, type InputRef } from 'antd';
import { QuestionCircleOutlined, SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { GroupClass, Platform } from '../../../shared/domain/enums';
import { AUTO_TAGS, type AutoTag } from '../../../shared/domain/roster';
import { groupClassOptions, platformOptions } from '../../lib/labels';
import { useInboxStore } from '../../store/inbox/inbox.store';
import { dayRange, hasInboxFilters, type InboxFilters } from '../../store/inbox/selectors';

type Toggle = 'unreadOnly' | 'questionsOnly' | 'starredOnly' | 'hasAttachment' | 'includeSpam';

function SearchHelp() {
  const { t } = useTranslation();
  const lines = ['helpTerms', 'helpPhrase', 'helpFrom', 'helpGroup', 'helpDates', 'helpChars'] as const;
  return (
    <ul style={{ margin: 0, paddingLeft: 18, maxWidth: 380 }}>
      {lines.map((k) => (
        <li key={k} style={{ marginBottom: 4 }}>
          {t(`inbox.search.${k}`)}
        </li>
      ))}
    </ul>
  );
}

/** Search ('/' focuses it) and the filters that combine with it and with the sidebar's group. */
export function InboxToolbar({ searchRef }: { searchRef: RefObject<InputRef | null> }) {
  const { t } = useTranslation();
  const query = useInboxStore((s) => s.query);
  const filters = useInboxStore((s) => s.filters);
  const groupId = useInboxStore((s) => s.groupId);
  const setQuery = useInboxStore((s) => s.setQuery);
  const submitQuery = useInboxStore((s) => s.submitQuery);
  const setFilters = useInboxStore((s) => s.setFilters);
  const clearFilters = useInboxStore((s) => s.clearFilters);
  const groupSegments = useInboxStore((s) => s.groupSegments);

  const toggle = (key: Toggle, label: string) => (
    <Checkbox checked={filters[key]} onChange={(e) => setFilters({ [key]: e.target.checked } as Partial<InboxFilters>)}>
      {label}
    </Checkbox>
  );
  // The filter's end is exclusive (the day after); the picker shows the last day included.
  const range: [Dayjs, Dayjs] | null = filters.range ? [dayjs(filters.range[0]), dayjs(filters.range[1]).subtract(1, 'day')] : null;

  return (
    <div className="qz-toolbar">
      <Flex gap={8} align="center">
        <Input
          ref={searchRef}
          allowClear
          size="large"
          prefix={<SearchOutlined aria-hidden style={{ color: 'rgba(0,0,0,.35)' }} />}
          placeholder={t('inbox.search.placeholder')}
          aria-label={t('inbox.search.label')}
          value={query}
          maxLength={500}
          onChange={(e) => {
            setQuery(e.target.value);
            // Clearing goes back to the inbox at once.
            if (!e.target.value) submitQuery();
          }}
          onPressEnter={submitQuery}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
          style={{ maxWidth: 560 }}
        />
        <Popover title={t('inbox.search.help')} content={<SearchHelp />} trigger={['click', 'hover']} placement="bottomLeft">
          <Button type="text" icon={<QuestionCircleOutlined aria-hidden />} aria-label={t('inbox.search.help')} />
        </Popover>
      </Flex>
      <Flex gap={12} align="center" wrap role="group" aria-label={t('inbox.filter.label')}>
        <Select<Platform[]>
          mode="multiple"
          allowClear
          placeholder={t('inbox.filter.platform')}
          aria-label={t('inbox.filter.platform')}
          value={filters.platforms}
          onChange={(platforms) => setFilters({ platforms })}
          options={platformOptions(t)}
          style={{ minWidth: 140 }}
          maxTagCount="responsive"
        />
        {toggle('unreadOnly', t('inbox.filter.unread'))}
        {toggle('questionsOnly', t('inbox.filter.questions'))}
        {toggle('starredOnly', t('inbox.filter.starred'))}
        {toggle('hasAttachment', t('inbox.filter.attachment'))}
        {toggle('includeSpam', t('inbox.filter.spam'))}
        <DatePicker.RangePicker
          allowEmpty={[false, false]}
          value={range}
          placeholder={[t('inbox.filter.since'), t('inbox.filter.until')]}
          onChange={(v) => {
            const [a, b] = v ?? [];
            setFilters({ range: a && b ? dayRange(a.toDate(), b.toDate()) : null });
          }}
          style={{ width: 250 }}
        />
        <Select<AutoTag[]>
          mode="multiple"
          allowClear
          placeholder={t('inbox.filter.senderTag')}
          aria-label={t('inbox.filter.senderTag')}
          value={filters.senderTags}
          onChange={(senderTags) => setFilters({ senderTags })}
          options={AUTO_TAGS.map((x) => ({ value: x, label: t(`roster.tag.${x}`) }))}
          style={{ minWidth: 130 }}
          maxTagCount="responsive"
        />
        <Select<GroupClass[]>
          mode="multiple"
          allowClear
          placeholder={t('inbox.filter.groupClass')}
          aria-label={t('inbox.filter.groupClass')}
          value={filters.groupClasses}
          onChange={(groupClasses) => setFilters({ groupClasses })}
          options={groupClassOptions(t)}
          style={{ minWidth: 130 }}
          maxTagCount="responsive"
        />
        <Select<number>
          allowClear
          placeholder={t('inbox.filter.segment')}
          aria-label={t('inbox.filter.segment')}
          value={filters.groupSegmentId}
          onChange={(id) => setFilters({ groupSegmentId: id ?? null })}
          options={groupSegments.map((x) => ({ value: x.id, label: x.name }))}
          notFoundContent={t('inbox.filter.noSegments')}
          style={{ minWidth: 130 }}
        />
        {hasInboxFilters(filters, groupId) && (
          <Button type="link" size="small" onClick={clearFilters}>
            {t('inbox.filter.clear')}
          </Button>
        )}
      </Flex>
    </div>
  );
}
