import { Button, DatePicker, Flex, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CASE_CONSENT, CASE_TAG_KINDS, type CaseConsent } from '../../../shared/api/cases';
import { useCaseListStore } from '../../store/cases/list.store';
import { hasCaseFilters, parseTagValue, tagValue } from '../../store/cases/selectors';
import { dayRange } from '../../store/inbox/selectors';

/** Search (the inbox's Chinese search), tag, source group, consent state and discussion dates. */
export function CaseFiltersBar() {
  const { t } = useTranslation();
  const filters = useCaseListStore((s) => s.filters);
  const tags = useCaseListStore((s) => s.tags);
  const groups = useCaseListStore((s) => s.groups);
  const setFilters = useCaseListStore((s) => s.setFilters);
  const setQuery = useCaseListStore((s) => s.setQuery);
  const clearFilters = useCaseListStore((s) => s.clearFilters);
  const load = useCaseListStore((s) => s.load);
  const range: [Dayjs, Dayjs] | null = filters.range ? [dayjs(filters.range[0]), dayjs(filters.range[1]).subtract(1, 'day')] : null;

  const tagOptions = CASE_TAG_KINDS.map((kind) => ({
    label: t(`cases.tagKind.${kind}`),
    title: t(`cases.tagKind.${kind}`),
    options: tags.filter((x) => x.kind === kind).map((x) => ({ value: tagValue(kind, x.tag), label: `${x.tag} (${x.count})` })),
  })).filter((g) => g.options.length > 0);

  return (
    <Flex gap={8} wrap align="center" className="qz-case-filters">
      <Input.Search
        allowClear
        aria-label={t('cases.searchLabel')}
        placeholder={t('cases.searchPlaceholder')}
        value={filters.query}
        onChange={(e) => setQuery(e.target.value)}
        onSearch={() => void load()}
        style={{ width: 300 }}
      />
      <Select<string>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('cases.filter.tag')}
        aria-label={t('cases.filter.tag')}
        value={filters.tag ? tagValue(filters.tag.kind, filters.tag.tag) : null}
        onChange={(v) => setFilters({ tag: parseTagValue(v) })}
        options={tagOptions}
        style={{ minWidth: 160 }}
      />
      <Select<number>
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('cases.filter.group')}
        aria-label={t('cases.filter.group')}
        value={filters.groupId}
        onChange={(v) => setFilters({ groupId: v ?? null })}
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        style={{ minWidth: 180 }}
      />
      <Select<CaseConsent>
        allowClear
        placeholder={t('cases.filter.consent')}
        aria-label={t('cases.filter.consent')}
        value={filters.consent}
        onChange={(v) => setFilters({ consent: v ?? null })}
        options={CASE_CONSENT.map((c) => ({ value: c, label: t(`cases.consent.${c}`) }))}
        style={{ minWidth: 120 }}
      />
      <DatePicker.RangePicker
        allowEmpty={[false, false]}
        value={range}
        placeholder={[t('cases.filter.since'), t('cases.filter.until')]}
        onChange={(v) => {
          const [a, b] = v ?? [];
          setFilters({ range: a && b ? dayRange(a.toDate(), b.toDate()) : null });
        }}
        style={{ width: 250 }}
      />
      {hasCaseFilters(filters) && (
        <Button type="link" size="small" onClick={clearFilters}>
          {t('cases.filter.clear')}
        </Button>
      )}
    </Flex>
  );
}
