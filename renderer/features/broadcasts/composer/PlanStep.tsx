import { useMemo, useState } from 'react';
import { Alert, Checkbox, DatePicker, Empty, InputNumber, Radio, Segmented, Select, Space, Table, Tag, TimePicker, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ExclamationCircleFilled, WarningFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CheckDto, PlanDto } from '../../../../shared/api/broadcasts';
import { formatCount } from '../../../i18n';
import { PLATFORM_COLORS } from '../../../lib/labels';
import { formatShortStamp } from '../../../lib/time';
import { useComposerStore } from '../../../store/broadcasts/composer.store';
import { filterPlan, type DecisionFilter, type Problem, type RuleDraft, type ScheduleMode } from '../../../store/broadcasts/composer-selectors';
import { VIRTUAL_FROM } from '../labels';
import { TargetSummary } from './TargetsStep';
import { MessagePreview } from './MessagePreview';
import { ruleText } from './rule-text';
// The recurring rule sits in the same bordered box (.qz-rule) as a segment's rules: one look for "a rule".
import '../../segments/segment-editor.css';

type Planned = PlanDto['targets'][number];

// The columns' widths add up to PLAN_WIDTH, which fits the plan's pane in the 1,080 px composer
// (3/5 of it beside the preview): no sideways scrolling on a laptop screen.
const GROUP_WIDTH = 132;
const PLAN_WIDTH = GROUP_WIDTH + 88 + 88 + 140 + 104 + 52;

export const MODE_COLORS: Record<Planned['mode'], string> = { auto: 'blue', 'owner-confirm': 'gold', manual: 'default' };
const DECISION_COLORS: Record<Planned['decision'], string> = { send: 'success', delay: 'warning', skip: 'error' };

/** When it goes, and per target group what will happen and the text exactly as it will arrive. */
export function PlanStep({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  const draft = useComposerStore((s) => s.draft);
  const edit = useComposerStore((s) => s.edit);
  const plan = useComposerStore((s) => s.plan);
  const [filter, setFilter] = useState<DecisionFilter>('all');
  const [picked, setPicked] = useState<number | null>(null);
  const rows = useMemo(() => filterPlan(plan, filter), [plan, filter]);
  const current = rows.find((r) => r.groupId === picked) ?? rows[0] ?? null;

  const columns: TableColumnsType<Planned> = [
    { title: t('composer.col.group'), dataIndex: 'groupName', width: GROUP_WIDTH, ellipsis: true },
    { title: t('composer.col.platform'), dataIndex: 'platform', width: 88, render: (_: unknown, p) => <Tag color={PLATFORM_COLORS[p.platform]}>{t(`platform.${p.platform}`)}</Tag> },
    { title: t('composer.col.mode'), dataIndex: 'mode', width: 88, render: (_: unknown, p) => <Tag color={MODE_COLORS[p.mode]}>{t(`broadcasts.mode.${p.mode}`)}</Tag> },
    {
      title: t('composer.col.decision'),
      dataIndex: 'decision',
      width: 140,
      render: (_: unknown, p) => (
        <Space size={2} wrap>
          <Tag color={DECISION_COLORS[p.decision]}>{t(`composer.decision.${p.decision}`)}</Tag>
          {p.reasons.map((r) => (
            <Typography.Text key={r} type="secondary" style={{ fontSize: 12 }}>
              {t(`composer.reason.${r}`)}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    { title: t('composer.col.plannedAt'), dataIndex: 'plannedAt', width: 104, render: (v: string | null) => (v ? formatShortStamp(v) : '—') },
    { title: t('composer.col.checks'), dataIndex: 'checks', width: 52, render: (_: unknown, p) => <CheckIcons checks={p.checks} /> },
  ];

  return (
    <div className="qz-composer-plan">
      <div className="qz-field">
        <span id="qz-when-label">{t('composer.when')}</span>
        <Space wrap>
          <Radio.Group
            aria-labelledby="qz-when-label"
            value={draft.scheduleMode}
            onChange={(e) => edit({ scheduleMode: e.target.value as ScheduleMode })}
            options={[
              { value: 'now', label: t('composer.now') },
              { value: 'at', label: t('composer.at') },
              { value: 'recurring', label: t('composer.recurring') },
            ]}
          />
          {draft.scheduleMode === 'at' && (
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              value={draft.at ? dayjs(draft.at) : null}
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              onChange={(d) => edit({ at: d ? d.second(0).millisecond(0).toISOString() : null })}
              aria-label={t('composer.at')}
            />
          )}
        </Space>
        {draft.scheduleMode === 'recurring' && <RuleEditor rule={draft.rule} onChange={(rule) => edit({ rule })} />}
        {problems.map((p) => (
          <Alert key={p} type="error" showIcon title={t(`composer.problem.${p}`)} />
        ))}
      </div>
      <TargetSummary />
      <Segmented
        value={filter}
        onChange={(v) => setFilter(v as DecisionFilter)}
        options={(['all', 'send', 'delay', 'skip', 'manual', 'checks'] as const).map((f) => ({ value: f, label: t(`composer.filter.${f}`) }))}
      />
      <div className="qz-plan-split">
        <Table<Planned>
          rowKey="groupId"
          size="small"
          virtual={rows.length >= VIRTUAL_FROM}
          // A plain table lets the group column take what the pane leaves; a virtual one needs every width.
          scroll={rows.length >= VIRTUAL_FROM ? { x: PLAN_WIDTH, y: 380 } : { y: 380 }}
          pagination={false}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: <Empty description={t('composer.noPlan')} /> }}
          rowClassName={(r) => (r.groupId === current?.groupId ? 'qz-row-picked' : '')}
          onRow={(r) => ({ onClick: () => setPicked(r.groupId) })}
        />
        <section className="qz-preview-pane" aria-label={t('composer.preview')}>
          {current ? <TargetPreview target={current} /> : <Empty description={t('composer.noPlan')} />}
        </section>
      </div>
      <Typography.Text type="secondary">{t('composer.planCount', { count: formatCount(plan?.targets.length ?? 0) })}</Typography.Text>
    </div>
  );
}

function TargetPreview({ target }: { target: Planned }) {
  const { t } = useTranslation();
  const d = target.delivery;
  // The plan says whether this target gets the picture; the draft holds its thumbnail.
  const picture = useComposerStore((s) => (d.image && s.draft.image?.id === d.image.id ? s.draft.image.dataUrl : undefined));
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('composer.previewFor', { group: target.groupName })}
      </Typography.Title>
      <Typography.Text type="secondary">{t(`composer.howArrives.${target.mode}`)}</Typography.Text>
      {picture && (
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0' }}>
          {t(`composer.howImage.${target.mode}`)}
        </Typography.Paragraph>
      )}
      {target.checks.map((c, i) => (
        <Alert key={i} type={c.level === 'error' ? 'error' : 'warning'} showIcon title={checkText(t, c)} style={{ marginTop: 8 }} />
      ))}
      <MessagePreview format={d.format} {...(d.title ? { title: d.title } : {})} content={d.content} image={picture} imageAlt={t('composer.imageAlt')} />
    </>
  );
}

export function checkText(t: TFunction, c: CheckDto): string {
  const unit: string = c.unit === 'bytes' ? t('composer.unit.bytes') : c.unit === 'chars' ? t('composer.unit.chars') : '';
  return t(`composer.check.${c.code}` as 'composer.check.too_long', { actual: c.actual ?? 0, limit: c.limit ?? 0, unit, variable: c.variable ? `{{${c.variable}}}` : '' });
}

function CheckIcons({ checks }: { checks: CheckDto[] }) {
  const { t } = useTranslation();
  if (!checks.length) return null;
  const error = checks.some((c) => c.level === 'error');
  return (
    <Tooltip title={checks.map((c) => checkText(t, c)).join('；')}>
      <span aria-label={checks.map((c) => checkText(t, c)).join('；')} role="img">
        {error ? <ExclamationCircleFilled style={{ color: '#ff4d4f' }} /> : <WarningFilled style={{ color: '#faad14' }} />}
      </span>
    </Tooltip>
  );
}

/** Every day / some weekdays / a day of the month, at a time of day (the operator's local time). */
function RuleEditor({ rule, onChange }: { rule: RuleDraft; onChange(rule: RuleDraft): void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<RuleDraft>) => onChange({ ...rule, ...patch });
  return (
    <div className="qz-rule" data-testid="rule-editor">
      <Space wrap align="center">
        <Select
          value={rule.every}
          onChange={(every) => set({ every })}
          options={(['day', 'week', 'month'] as const).map((e) => ({ value: e, label: t(`composer.every.${e}`) }))}
          style={{ width: 110 }}
          aria-label={t('composer.recurring')}
        />
        {rule.every === 'week' && (
          <Checkbox.Group
            value={rule.weekdays}
            onChange={(v) => set({ weekdays: v as number[] })}
            options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`composer.weekday.${d}` as 'composer.weekday.1') }))}
          />
        )}
        {rule.every === 'month' && (
          <Tooltip title={t('composer.monthDayHint')}>
            <InputNumber min={1} max={31} value={rule.monthDay} onChange={(v) => set({ monthDay: typeof v === 'number' ? v : 1 })} addonAfter={t('composer.monthDay')} aria-label={t('composer.monthDay')} />
          </Tooltip>
        )}
        <TimePicker format="HH:mm" minuteStep={5} allowClear={false} value={dayjs(rule.time, 'HH:mm')} onChange={(v) => v && set({ time: v.format('HH:mm') })} aria-label={t('composer.ruleTime')} />
      </Space>
      <Typography.Paragraph strong style={{ margin: '6px 0 0' }} data-testid="rule-summary">
        {t('composer.ruleSummary', { rule: ruleText(t, rule) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" className="qz-hint" style={{ margin: 0 }}>
        {t('composer.recurringHint')}
      </Typography.Paragraph>
    </div>
  );
}
