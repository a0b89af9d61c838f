import { useEffect } from 'react';
import { Alert, App, Button, Card, Flex, InputNumber, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AutoTag, TagThresholds } from '../../../shared/domain/roster';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useTagRulesStore } from '../../store/roster/tag-rules.store';
import { useRetagJobStore } from '../../store/roster/retag-job.store';
import { thresholdsChanged } from '../../store/roster/selectors';
import { TAG_COLORS } from '../../lib/labels';
import { RetagProgress, useRetagOutcomeMessage } from '../roster/RetagProgress';

type Key = keyof TagThresholds;
type Unit = 'days' | 'messages' | 'people' | 'percent';

/** Each rule, the i18n key of its one-line description, and its thresholds with their units and bounds. */
const RULES: { tag: AutoTag; rule: 'new' | 'active' | 'silent' | 'atRisk' | 'kol'; inputs: { key: Key; unit: Unit; min: number; max: number; step?: number }[] }[] = [
  { tag: 'kol', rule: 'kol', inputs: [{ key: 'kolWindowDays', unit: 'days', min: 1, max: 365 }, { key: 'kolTopPercent', unit: 'percent', min: 0.1, max: 100, step: 0.5 }, { key: 'kolMinPeople', unit: 'people', min: 1, max: 10_000 }] },
  { tag: 'active', rule: 'active', inputs: [{ key: 'activeWindowDays', unit: 'days', min: 1, max: 365 }, { key: 'activeMinMessages', unit: 'messages', min: 1, max: 10_000 }, { key: 'activeMinDays', unit: 'days', min: 1, max: 365 }] },
  { tag: 'new', rule: 'new', inputs: [{ key: 'newDays', unit: 'days', min: 1, max: 365 }] },
  { tag: 'at-risk', rule: 'atRisk', inputs: [{ key: 'atRiskPriorDays', unit: 'days', min: 1, max: 365 }, { key: 'atRiskTopPercent', unit: 'percent', min: 1, max: 100 }, { key: 'atRiskRecentDays', unit: 'days', min: 1, max: 90 }] },
  { tag: 'silent', rule: 'silent', inputs: [{ key: 'silentMinMemberDays', unit: 'days', min: 0, max: 365 }, { key: 'silentDays', unit: 'days', min: 1, max: 365 }] },
];

/** Settings → tag rules: each documented rule in one line, its thresholds editable, a live preview, save. */
export function TagRulesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useTagRulesStore((s) => s.saved);
  const draft = useTagRulesStore((s) => s.draft);
  const preview = useTagRulesStore((s) => s.preview);
  const previewing = useTagRulesStore((s) => s.previewing);
  const previewError = useTagRulesStore((s) => s.previewError);
  const loadError = useTagRulesStore((s) => s.loadError);
  const saving = useTagRulesStore((s) => s.saving);
  const load = useTagRulesStore((s) => s.load);
  const setDraft = useTagRulesStore((s) => s.setDraft);
  const resetDefaults = useTagRulesStore((s) => s.resetDefaults);
  const save = useTagRulesStore((s) => s.save);
  const job = useRetagJobStore((s) => s.job);
  const starting = useRetagJobStore((s) => s.starting);
  const startRetag = useRetagJobStore((s) => s.start);
  const subscribeRetag = useRetagJobStore((s) => s.subscribe);
  const said = useRetagOutcomeMessage();

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => subscribeRetag(), [subscribeRetag]);

  // The saved rules, applied: the same background job as the roster page's button.
  const onRetag = async () => {
    try {
      said(await startRetag());
    } catch (e) {
      void message.error(t('roster.asOf.failed', { error: errorText(e) }));
    }
  };

  const onSave = async () => {
    try {
      await save();
      void message.success(t('tagRules.saved'));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const dirty = saved !== null && thresholdsChanged(saved, draft);

  return (
    <Card title={t('tagRules.title')} data-testid="tag-rules">
      {loadError && <Alert type="error" showIcon title={t('tagRules.loadFailed')} description={loadError} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{t('tagRules.intro')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" data-testid="tag-levels">{t('tagRules.levels')}</Typography.Paragraph>
      <Flex orientation="vertical" gap={16}>
        {RULES.map((r) => (
          <div key={r.tag} data-testid="tag-rule" data-tag={r.tag}>
            <Space align="start">
              <Tag color={TAG_COLORS[r.tag]} style={{ minWidth: 64, textAlign: 'center' }}>
                {t(`roster.tag.${r.tag}`)}
              </Tag>
              <Typography.Text>{t(`tagRules.rule.${r.rule}`, draft)}</Typography.Text>
            </Space>
            <Flex wrap gap={12} style={{ marginTop: 6, paddingInlineStart: 72 }}>
              {r.inputs.map((i) => (
                <Space key={i.key} size={4}>
                  <Typography.Text type="secondary">{t(`tagRules.input.${i.key}`)}</Typography.Text>
                  <InputNumber<number>
                    size="small"
                    aria-label={`${t(`roster.tag.${r.tag}`)} ${t(`tagRules.input.${i.key}`)}`}
                    min={i.min}
                    max={i.max}
                    step={i.step ?? 1}
                    precision={i.unit === 'percent' ? 1 : 0}
                    value={draft[i.key]}
                    onChange={(v) => typeof v === 'number' && setDraft({ [i.key]: v })}
                    style={{ width: 88 }}
                  />
                  <Typography.Text type="secondary">{t(`tagRules.unit.${i.unit}`)}</Typography.Text>
                </Space>
              ))}
            </Flex>
          </div>
        ))}
        <Alert
          type="info"
          data-testid="tag-rules-preview"
          title={
            previewError ? (
              t('tagRules.previewFailed', { error: previewError })
            ) : previewing && !preview ? (
              <Spin size="small" description={t('tagRules.previewing')} />
            ) : preview ? (
              <>
                {t('tagRules.preview')}
                {t('tagRules.previewCounts', {
                  kol: formatCount(preview.kol),
                  active: formatCount(preview.active),
                  new: formatCount(preview.new),
                  atRisk: formatCount(preview['at-risk']),
                  silent: formatCount(preview.silent),
                })}
                {previewing && <Spin size="small" style={{ marginInlineStart: 8 }} />}
              </>
            ) : null
          }
          description={t('tagRules.previewNote')}
        />
        <Space>
          <Button type="primary" onClick={() => void onSave()} loading={saving} disabled={!dirty}>
            {t('tagRules.save')}
          </Button>
          <Button onClick={resetDefaults}>{t('tagRules.reset')}</Button>
          <Tooltip title={dirty ? t('roster.retagJob.saveFirst') : t('roster.retagJob.hint')}>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void onRetag()} loading={job !== null || starting} disabled={dirty || job !== null || starting}>
              {t('roster.retagJob.retag')}
            </Button>
          </Tooltip>
        </Space>
        {job && <RetagProgress />}
      </Flex>
    </Card>
  );
}
