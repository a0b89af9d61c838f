import { Alert, Drawer, Empty, Flex, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CASE_TAG_KINDS, type CaseDto } from '../../../shared/api/cases';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { useCaseListStore } from '../../store/cases/list.store';
import { exportGate, redactionCounts, tagSuggestions, withTags } from '../../store/cases/selectors';
import { CaseMessageCard } from './CaseMessageCard';
import { ConsentBadge } from './ConsentBadge';
import { ExportMenu } from './ExportMenu';
import { formatCaseDates, TAG_COLORS } from './format';
import { ParticipantsPanel } from './ParticipantsPanel';
import { RedactedText } from './RedactedText';
import { useSave } from './useSave';

/** The case editor: details, the messages as they will be exported, participants and consent, and export. */
export function CaseEditor() {
  const { t } = useTranslation();
  const openId = useCaseEditorStore((s) => s.openId);
  const c = useCaseEditorStore((s) => s.case);
  const loading = useCaseEditorStore((s) => s.loading);
  const error = useCaseEditorStore((s) => s.error);
  const saving = useCaseEditorStore((s) => s.saving);
  const close = useCaseEditorStore((s) => s.close);

  return (
    <Drawer
      open={openId !== null}
      onClose={close}
      size={960}
      destroyOnHidden
      rootClassName="qz-case-editor"
      title={
        <Space>
          <span>{c ? c.title : ''}</span>
          {c && <ConsentBadge consent={c.consent} />}
          {saving ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              <LoadingOutlined aria-hidden /> {t('cases.editor.saving')}
            </Typography.Text>
          ) : c ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              <CheckOutlined aria-hidden /> {t('cases.editor.saved')}
            </Typography.Text>
          ) : null}
        </Space>
      }
      extra={c && <ExportMenu />}
    >
      {error && !c ? (
        <Alert type="error" showIcon title={t('cases.editor.loadFailed')} description={error} />
      ) : loading && !c ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : c ? (
        <EditorBody c={c} />
      ) : null}
    </Drawer>
  );
}

function EditorBody({ c }: { c: CaseDto }) {
  const { t, i18n } = useTranslation();
  const save = useSave();
  const update = useCaseEditorStore((s) => s.update);
  const setRedaction = useCaseEditorStore((s) => s.setRedaction);
  const requireConsent = useCaseListStore((s) => s.requireConsent);
  const allTags = useCaseListStore((s) => s.tags);
  const groups = useCaseListStore((s) => s.groups);
  const gate = exportGate(c.missingConsent, requireConsent);
  const counts = redactionCounts(c);
  const toggle = (r: { id: string; applied: boolean }) => void save(() => setRedaction(r.id, !r.applied));
  const showPreview = c.redactedTitle.redactions.length > 0 || c.redactedSummary.redactions.length > 0;
  const groupOptions = [{ value: 0, label: t('cases.editor.noGroup') }, ...groups.map((g) => ({ value: g.id, label: g.name }))];
  // The case's own group may be archived (not in the inbox's list): keep it choosable.
  if (c.groupId !== null && !groups.some((g) => g.id === c.groupId)) groupOptions.push({ value: c.groupId, label: c.groupName });

  return (
    <Flex vertical gap={20} data-testid="case-editor">
      {gate.kind !== 'ok' && (
        <Alert
          type={gate.kind === 'refuse' ? 'error' : 'warning'}
          showIcon
          data-testid="consent-alert"
          title={gate.kind === 'refuse' ? t('cases.editor.missingConsentRefuse', { who: gate.who }) : t('cases.editor.missingConsent', { who: gate.who })}
        />
      )}

      <section aria-label={t('cases.editor.basics')}>
        <Typography.Title level={5}>{t('cases.editor.basics')}</Typography.Title>
        <div className="qz-case-form">
          <label htmlFor="case-title">{t('cases.editor.fieldTitle')}</label>
          <Input
            id="case-title"
            key={`title:${c.title}`}
            defaultValue={c.title}
            maxLength={200}
            onBlur={(e) => {
              const v = e.target.value.trim();
              if (v && v !== c.title) void save(() => update({ title: v }));
            }}
            onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
          />
          <label htmlFor="case-summary">{t('cases.editor.summary')}</label>
          <Input.TextArea
            id="case-summary"
            key={`summary:${c.summary}`}
            defaultValue={c.summary}
            placeholder={t('cases.editor.summaryPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={5000}
            onBlur={(e) => {
              if (e.target.value !== c.summary) void save(() => update({ summary: e.target.value }));
            }}
          />
          {CASE_TAG_KINDS.map((kind) => (
            <TagField key={kind} kind={kind} c={c} suggestions={tagSuggestions(allTags, kind)} onChange={(list) => void save(() => update({ tags: withTags(c.tags, kind, list) }))} />
          ))}
          <label htmlFor="case-group">{t('cases.editor.group')}</label>
          <Select
            id="case-group"
            showSearch={{ optionFilterProp: 'label' }}
            value={c.groupId ?? 0}
            options={groupOptions}
            onChange={(v: number) => void save(() => update({ groupId: v === 0 ? null : v }))}
          />
          <span>{t('cases.editor.dates')}</span>
          <Typography.Text data-testid="case-dates">{formatCaseDates(c.firstAt, c.lastAt, i18n.language)}</Typography.Text>
        </div>
        {showPreview && (
          <div className="qz-case-preview">
            <Typography.Text type="secondary">{t('cases.editor.preview')}</Typography.Text>
            <div>
              <strong>
                <RedactedText text={c.redactedTitle.text} redactions={c.redactedTitle.redactions} onToggle={toggle} />
              </strong>
            </div>
            {c.redactedSummary.text && (
              <div>
                <RedactedText text={c.redactedSummary.text} redactions={c.redactedSummary.redactions} onToggle={toggle} />
              </div>
            )}
          </div>
        )}
      </section>

      <section aria-label={t('cases.editor.messages', { count: c.messages.length })}>
        <Flex align="baseline" gap={12} wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('cases.editor.messages', { count: c.messages.length })}
          </Typography.Title>
          <Tag color="purple" data-testid="redaction-count">
            {t('cases.editor.redactions', { count: counts.applied })}
          </Tag>
          {counts.off > 0 && <Tag color="orange">{t('cases.editor.redactionsOff', { count: counts.off })}</Tag>}
        </Flex>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
          {t('cases.editor.legend')}
        </Typography.Paragraph>
        {c.messages.length === 0 ? (
          <Empty description={t('cases.editor.empty')} />
        ) : (
          <div className="qz-cmsg-list">
            {c.messages.map((m, i) => (
              <CaseMessageCard key={m.messageId} m={m} index={i} count={c.messages.length} />
            ))}
          </div>
        )}
      </section>

      <section aria-label={t('cases.editor.participants', { count: c.participants.length })}>
        <Typography.Title level={5}>{t('cases.editor.participants', { count: c.participants.length })}</Typography.Title>
        <ParticipantsPanel participants={c.participants} />
      </section>
    </Flex>
  );
}

function TagField({ kind, c, suggestions, onChange }: { kind: (typeof CASE_TAG_KINDS)[number]; c: CaseDto; suggestions: string[]; onChange(list: string[]): void }) {
  const { t } = useTranslation();
  const id = `case-tags-${kind}`;
  return (
    <>
      <label htmlFor={id}>
        {t('cases.editor.tags')} · {t(`cases.tagKind.${kind}`)}
      </label>
      <Select
        id={id}
        mode="tags"
        aria-label={`${t('cases.editor.tags')}：${t(`cases.tagKind.${kind}`)}`}
        value={c.tags[kind]}
        placeholder={t('cases.editor.tagsPlaceholder')}
        options={suggestions.map((s) => ({ value: s, label: s }))}
        tagRender={({ label, closable, onClose }) => (
          <Tag color={TAG_COLORS[kind]} closable={closable} onClose={onClose} style={{ marginInlineEnd: 4 }}>
            {label}
          </Tag>
        )}
        tokenSeparators={[',', '，']}
        maxCount={20}
        onChange={onChange}
      />
    </>
  );
}
