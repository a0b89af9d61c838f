import { useCallback, useMemo } from 'react';
import { Checkbox, DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_METRICS, type ActivityMetric } from '../../../shared/domain/segment';
import { platformOptions, TAG_COLORS } from '../../lib/labels';
import { useRosterStore } from '../../store/roster/roster.store';
import { TAG_ORDER, type RuleDraft, type RuleField } from '../../store/roster/selectors';
import { useMemberSegmentEditor } from '../../store/segments/editors';
import { RuleMultiSelect } from '../segments/RuleMultiSelect';
import { SegmentEditor } from '../segments/SegmentEditor';
import { fieldName, optionName } from './format';

/** How one member rule picks its value, after its field. Groups, labels and fields are the ones the roster loaded. */
function MemberRuleValue({ draft: d, onChange }: { draft: RuleDraft; onChange(patch: Partial<RuleDraft>): void }) {
  const { t } = useTranslation();
  const groups = useRosterStore((s) => s.groups);
  const labels = useRosterStore((s) => s.labels);
  const fields = useRosterStore((s) => s.fields);
  const groupOptions = useMemo(() => groups.map((g) => ({ value: g.id, label: g.name })), [groups]);

  const negate = (
    <Select<'has' | 'not'>
      aria-label={t('roster.segment.hasNot')}
      value={d.negate ? 'not' : 'has'}
      onChange={(v) => onChange({ negate: v === 'not' })}
      options={[
        { value: 'has', label: t('roster.segment.has') },
        { value: 'not', label: t('roster.segment.hasNot') },
      ]}
      style={{ width: 84 }}
    />
  );
  const groupPicker = (label: string, minWidth = 240) => <RuleMultiSelect label={label} value={d.groupIds} onChange={(groupIds) => onChange({ groupIds })} options={groupOptions} minWidth={minWidth} collapse />;
  const date = (
    <DatePicker
      aria-label={t('roster.segment.date')}
      placeholder={t('roster.segment.date')}
      value={d.date ? dayjs(d.date) : null}
      onChange={(v) => onChange({ date: v ? v.startOf('day').toISOString() : null })}
    />
  );

  switch (d.field) {
    case 'tag':
      return (
        <>
          {negate}
          <RuleMultiSelect
            label={t('roster.segment.tags')}
            value={d.tags}
            onChange={(tags) => onChange({ tags })}
            options={TAG_ORDER.map((x) => ({ value: x, label: t(`roster.tag.${x}`), color: TAG_COLORS[x] }))}
            minWidth={160}
          />
          {groupPicker(t('roster.segment.inGroups'))}
        </>
      );
    case 'label':
      return (
        <>
          {negate}
          <RuleMultiSelect label={t('roster.segment.labels')} value={d.labelIds} onChange={(labelIds) => onChange({ labelIds })} options={labels.map((l) => ({ value: l.id, label: l.name, color: l.color }))} />
        </>
      );
    case 'group':
      return (
        <>
          {negate}
          {groupPicker(t('roster.segment.groups'))}
          <Checkbox checked={!!d.includeLeft} onChange={(e) => onChange({ includeLeft: e.target.checked })}>
            {t('roster.segment.includeLeft')}
          </Checkbox>
        </>
      );
    case 'platform':
      return <RuleMultiSelect label={t('roster.segment.platforms')} value={d.platforms} onChange={(platforms) => onChange({ platforms })} options={platformOptions(t)} />;
    case 'field': {
      const f = fields.find((x) => x.key === d.fieldKey);
      const needsValue = d.fieldOp === 'eq' || d.fieldOp === 'contains';
      return (
        <>
          <Select<string>
            aria-label={t('roster.fieldModal.field')}
            value={d.fieldKey ?? null}
            onChange={(fieldKey) => onChange({ fieldKey, value: '' })}
            options={fields.map((x) => ({ value: x.key, label: fieldName(t, x) }))}
            style={{ width: 130 }}
          />
          <Select<NonNullable<RuleDraft['fieldOp']>>
            aria-label={t('roster.segment.op.eq')}
            value={d.fieldOp ?? null}
            onChange={(fieldOp) => onChange({ fieldOp })}
            options={(['eq', 'contains', 'empty', 'notEmpty'] as const).map((op) => ({ value: op, label: t(`roster.segment.op.${op}`) }))}
            style={{ width: 100 }}
          />
          {needsValue &&
            (f?.kind === 'choice' && d.fieldOp === 'eq' ? (
              <Select<string>
                aria-label={t('roster.segment.value')}
                placeholder={t('roster.segment.value')}
                value={d.value || null}
                onChange={(value) => onChange({ value })}
                options={f.options.map((o) => ({ value: o, label: optionName(t, f, o) }))}
                style={{ minWidth: 140 }}
              />
            ) : (
              <Input aria-label={t('roster.segment.value')} placeholder={t('roster.segment.value')} value={d.value ?? ''} onChange={(e) => onChange({ value: e.target.value })} maxLength={500} style={{ width: 160 }} />
            ))}
        </>
      );
    }
    case 'activity':
      return (
        <>
          <Select<ActivityMetric>
            aria-label={t('roster.segment.field.activity')}
            value={d.metric ?? null}
            onChange={(metric) => onChange({ metric })}
            options={ACTIVITY_METRICS.map((m) => ({ value: m, label: t(`roster.segment.metric.${m}`) }))}
            style={{ width: 150 }}
          />
          <Select<'gte' | 'lte'>
            aria-label={t('roster.segment.op.gte')}
            value={d.cmp ?? null}
            onChange={(cmp) => onChange({ cmp })}
            options={[
              { value: 'gte', label: t('roster.segment.op.gte') },
              { value: 'lte', label: t('roster.segment.op.lte') },
            ]}
            style={{ width: 64 }}
          />
          <InputNumber<number> aria-label={t('roster.segment.value')} min={0} precision={0} value={d.amount ?? null} onChange={(amount) => onChange({ amount })} style={{ width: 100 }} />
          {groupPicker(t('roster.segment.inGroups'), 200)}
        </>
      );
    case 'lastMessage':
      return (
        <>
          <Select<NonNullable<RuleDraft['when']>>
            aria-label={t('roster.segment.field.lastMessage')}
            value={d.when ?? null}
            onChange={(when) => onChange({ when })}
            options={(['after', 'before', 'never'] as const).map((w) => ({ value: w, label: t(`roster.segment.op.${w}`) }))}
            style={{ width: 110 }}
          />
          {d.when !== 'never' && date}
        </>
      );
    case 'joined':
    case 'left':
      return (
        <>
          <Select<NonNullable<RuleDraft['when']>>
            aria-label={t(`roster.segment.field.${d.field}`)}
            value={d.when ?? null}
            onChange={(when) => onChange({ when })}
            options={(d.field === 'left' ? (['any', 'after', 'before'] as const) : (['after', 'before'] as const)).map((w) => ({ value: w, label: t(`roster.segment.op.${w}`) }))}
            style={{ width: 110 }}
          />
          {d.when !== 'any' && date}
          {groupPicker(t('roster.segment.inGroups'), 200)}
        </>
      );
  }
}

/**
 * The Roster's segment editor: the one segment editor (features/segments) over member rules.
 * It opens through useMemberSegmentEditor (the toolbar's new and edit buttons).
 */
export function MemberSegmentEditor() {
  const { t } = useTranslation();
  const fieldLabel = useCallback((f: RuleField) => t(`roster.segment.field.${f}`), [t]);
  return <SegmentEditor useEditor={useMemberSegmentEditor} ns="roster.segment" testId="segment" fieldLabel={fieldLabel} RuleValue={MemberRuleValue} />;
}
