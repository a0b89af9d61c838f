import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Dropdown, Flex, Form, Input, InputNumber, Modal, Radio, Select, Spin, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PLATFORMS, type Platform } from '../../../shared/domain/enums';
import type { AutoTag } from '../../../shared/domain/roster';
import { ACTIVITY_METRICS, type ActivityMetric, type SegmentDto } from '../../../shared/domain/segment';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useRosterStore } from '../../store/roster/roster.store';
import { conditionToDrafts, hasCompleteRule, newRule, RULE_FIELDS, TAG_ORDER, toDefinition, type RuleDraft, type RuleField } from '../../store/roster/selectors';
import { fieldName, optionName } from './format';
import { TAG_COLORS } from './labels';

const COUNT_DEBOUNCE_MS = 400;

interface Props {
  /** null: closed; 'new'; or the segment to edit. */
  target: 'new' | SegmentDto | null;
  onClose(): void;
}

function RuleEditor({ d, onChange }: { d: RuleDraft; onChange(patch: Partial<RuleDraft>): void }) {
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
  const groupPicker = (placeholder: string, width = 240) => (
    <Select<number[]>
      mode="multiple"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      aria-label={placeholder}
      value={d.groupIds ?? []}
      onChange={(groupIds) => onChange({ groupIds })}
      options={groupOptions}
      style={{ minWidth: width }}
      maxTagCount="responsive"
    />
  );
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
          <Select<AutoTag[]>
            mode="multiple"
            placeholder={t('roster.segment.tags')}
            aria-label={t('roster.segment.tags')}
            value={d.tags ?? []}
            onChange={(tags) => onChange({ tags })}
            options={TAG_ORDER.map((x) => ({ value: x, label: t(`roster.tag.${x}`) }))}
            optionRender={(o) => <Tag color={TAG_COLORS[o.value as AutoTag]}>{o.label}</Tag>}
            style={{ minWidth: 160 }}
          />
          {groupPicker(t('roster.segment.inGroups'))}
        </>
      );
    case 'label':
      return (
        <>
          {negate}
          <Select<number[]>
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('roster.segment.labels')}
            aria-label={t('roster.segment.labels')}
            value={d.labelIds ?? []}
            onChange={(labelIds) => onChange({ labelIds })}
            options={labels.map((l) => ({ value: l.id, label: l.name, color: l.color }))}
            optionRender={(o) => <Tag color={o.data.color}>{o.label}</Tag>}
            style={{ minWidth: 220 }}
          />
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
      return (
        <Select<Platform[]>
          mode="multiple"
          placeholder={t('roster.segment.platforms')}
          aria-label={t('roster.segment.platforms')}
          value={d.platforms ?? []}
          onChange={(platforms) => onChange({ platforms })}
          options={PLATFORMS.map((p) => ({ value: p, label: t(`platform.${p}`) }))}
          style={{ minWidth: 220 }}
        />
      );
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
 * The segment builder: rules under one AND/OR, a live count as they change (debounced,
 * nothing stored), then saved with a name. Incomplete rules are left out of the count.
 */
export function SegmentBuilder({ target, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const countDefinition = useRosterStore((s) => s.countDefinition);
  const saveSegment = useRosterStore((s) => s.saveSegment);
  const editing = target !== null && target !== 'new' ? target : null;
  const [name, setName] = useState('');
  const [op, setOp] = useState<'and' | 'or'>('and');
  const [drafts, setDrafts] = useState<RuleDraft[]>([]);
  const [nested, setNested] = useState(false);
  const [count, setCount] = useState<{ n: number | null; loading: boolean; error: string | null }>({ n: null, loading: false, error: null });
  const [saving, setSaving] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);

  // A fresh form on every opening: empty for a new segment, the segment's rules when editing.
  useEffect(() => {
    if (target === null) return;
    setNameError(null);
    if (target === 'new') {
      setName('');
      setOp('and');
      setDrafts([newRule('label')]);
      setNested(false);
      return;
    }
    setName(target.name);
    const parsed = target.definition.target === 'members' ? conditionToDrafts(target.definition.condition) : null;
    setNested(parsed === null);
    setOp(parsed?.op ?? 'and');
    setDrafts(parsed?.drafts ?? []);
  }, [target]);

  const definition = useMemo(() => toDefinition(op, drafts), [op, drafts]);
  const complete = hasCompleteRule(drafts);
  const key = JSON.stringify(definition);

  useEffect(() => {
    if (target === null || !complete) {
      setCount({ n: null, loading: false, error: null });
      return;
    }
    let live = true;
    setCount((c) => ({ ...c, loading: true, error: null }));
    const timer = setTimeout(() => {
      countDefinition(JSON.parse(key) as typeof definition).then(
        (n) => live && setCount({ n, loading: false, error: null }),
        (e: unknown) => live && setCount({ n: null, loading: false, error: errorText(e) }),
      );
    }, COUNT_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, complete, target, countDefinition]);

  const update = (uid: number, patch: Partial<RuleDraft>) => setDrafts((ds) => ds.map((d) => (d.uid === uid ? { ...d, ...patch } : d)));
  const change = (uid: number, field: RuleField) => setDrafts((ds) => ds.map((d) => (d.uid === uid ? { ...newRule(field), uid } : d)));

  const save = async () => {
    if (!name.trim()) return setNameError(t('roster.segment.nameRequired'));
    setSaving(true);
    try {
      const s = await saveSegment(name.trim(), definition, editing?.id);
      void message.success(t('roster.segment.saved', { name: s.name }));
      onClose();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={editing ? t('roster.segment.builderEditTitle', { name: editing.name }) : t('roster.segment.builderTitle')}
      width={880}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center">
          <span data-testid="segment-count" aria-live="polite">
            {!complete ? (
              <Typography.Text type="secondary">{t('roster.segment.countIncomplete')}</Typography.Text>
            ) : count.loading ? (
              <Spin size="small" description={t('roster.segment.counting')} />
            ) : count.error ? (
              <Typography.Text type="danger">{count.error}</Typography.Text>
            ) : count.n !== null ? (
              <Typography.Text strong>{t('roster.segment.count', { n: formatCount(count.n) })}</Typography.Text>
            ) : null}
          </span>
          <span>
            <Button onClick={onClose}>{t('form.cancel')}</Button>{' '}
            <Button type="primary" onClick={() => void save()} loading={saving} disabled={nested || !complete}>
              {t('roster.segment.save')}
            </Button>
          </span>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('roster.segment.intro')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('roster.segment.name')} required validateStatus={nameError ? 'error' : ''} help={nameError ?? ''}>
          <Input
            value={name}
            maxLength={60}
            onChange={(e) => {
              setName(e.target.value);
              setNameError(null);
            }}
            aria-label={t('roster.segment.name')}
          />
        </Form.Item>
      </Form>
      {nested ? (
        <Alert type="warning" showIcon title={t('roster.segment.nested')} />
      ) : (
        <Flex orientation="vertical" gap={8}>
          <Flex align="center" gap={8}>
            <Typography.Text>{t('roster.segment.match')}</Typography.Text>
            <Radio.Group
              optionType="button"
              value={op}
              onChange={(e) => setOp(e.target.value as 'and' | 'or')}
              options={[
                { value: 'and', label: t('roster.segment.all') },
                { value: 'or', label: t('roster.segment.any') },
              ]}
            />
          </Flex>
          {drafts.map((d) => (
            <div key={d.uid} className="qz-rule" data-testid="segment-rule">
              <Select<RuleField>
                aria-label={t('roster.segment.addRule')}
                value={d.field}
                onChange={(field) => change(d.uid, field)}
                options={RULE_FIELDS.map((f) => ({ value: f, label: t(`roster.segment.field.${f}`) }))}
                style={{ width: 120 }}
              />
              <div className="qz-rule-body">
                <RuleEditor d={d} onChange={(patch) => update(d.uid, patch)} />
              </div>
              <Tooltip title={t('roster.segment.removeRule')}>
                <Button type="text" aria-label={t('roster.segment.removeRule')} icon={<DeleteOutlined aria-hidden />} onClick={() => setDrafts((ds) => ds.filter((x) => x.uid !== d.uid))} />
              </Tooltip>
            </div>
          ))}
          <div>
            <Dropdown trigger={['click']} menu={{ items: RULE_FIELDS.map((f) => ({ key: f, label: t(`roster.segment.field.${f}`) })), onClick: ({ key: f }) => setDrafts((ds) => [...ds, newRule(f as RuleField)]) }}>
              <Button icon={<PlusOutlined aria-hidden />}>{t('roster.segment.addRule')}</Button>
            </Dropdown>
          </div>
        </Flex>
      )}
    </Modal>
  );
}
