import type { HTMLAttributes } from 'react';
import { DatePicker, Input, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseParticipantDto } from '../../../shared/api/cases';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { CONSENT_ORDER } from '../../store/cases/selectors';
import { useSave } from './useSave';

const CONSENT_COLOR = { 'not-asked': '#8c8c8c', asked: '#d48806', granted: '#389e0d', declined: '#cf1322' } as const;

/** Who speaks in the case: the label exports show instead of the name, the role, and consent with its date and note. */
export function ParticipantsPanel({ participants }: { participants: CaseParticipantDto[] }) {
  const { t } = useTranslation();
  const save = useSave();
  const setParticipant = useCaseEditorStore((s) => s.setParticipant);
  const setConsent = useCaseEditorStore((s) => s.setConsent);

  /** An empty field goes back to the role's label; an unchanged one sends nothing. */
  const saveLabel = (p: CaseParticipantDto, input: HTMLInputElement) => {
    const label = input.value.trim().slice(0, 20);
    const next = label === '' ? null : label;
    if (next === p.labelOverride || (next === p.label && p.labelOverride === null)) {
      input.value = p.label;
      return;
    }
    void save(() => setParticipant(p.memberId, { label: next }));
  };

  const columns: TableColumnsType<CaseParticipantDto> = [
    {
      key: 'name',
      title: t('cases.participant.name'),
      width: 140,
      render: (_, p) => (
        <div>
          <Typography.Text strong>{p.name}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cases.participant.shown')} {p.shownMessages}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'label',
      title: t('cases.participant.label'),
      width: 150,
      render: (_, p) => (
        <Input
          // A new key after each save: the field shows what the core now has.
          key={`${p.memberId}:${p.label}`}
          size="small"
          aria-label={`${t('cases.participant.label')}：${p.name}`}
          defaultValue={p.label}
          placeholder={t('cases.participant.labelPlaceholder')}
          maxLength={20}
          onBlur={(e) => saveLabel(p, e.target)}
          onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
          suffix={
            p.labelOverride !== null ? (
              <Tooltip title={t('cases.participant.resetLabel')}>
                <a
                  role="button"
                  aria-label={t('cases.participant.resetLabel')}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => void save(() => setParticipant(p.memberId, { label: null }))}
                >
                  ↺
                </a>
              </Tooltip>
            ) : null
          }
        />
      ),
    },
    {
      key: 'role',
      title: t('cases.participant.role'),
      width: 100,
      render: (_, p) => (
        <Select
          size="small"
          aria-label={`${t('cases.participant.role')}：${p.name}`}
          value={p.role}
          style={{ width: 88 }}
          options={(['owner', 'kol', 'member'] as const).map((r) => ({ value: r, label: t(`cases.role.${r}`) }))}
          onChange={(role) => void save(() => setParticipant(p.memberId, { role }))}
        />
      ),
    },
    {
      key: 'consent',
      title: t('cases.participant.consent'),
      width: 112,
      render: (_, p) => (
        <Select
          size="small"
          aria-label={`${t('cases.participant.consent')}：${p.name}`}
          data-testid="consent-select"
          value={p.consent}
          style={{ width: 100 }}
          options={CONSENT_ORDER.map((c) => ({ value: c, label: <span style={{ color: CONSENT_COLOR[c] }}>{t(`cases.consentState.${c}`)}</span> }))}
          onChange={(consent) => void save(() => setConsent(p.memberId, consent, { note: p.consentNote }))}
        />
      ),
    },
    {
      key: 'at',
      title: t('cases.participant.at'),
      width: 130,
      render: (_, p) => (
        <DatePicker
          size="small"
          aria-label={`${t('cases.participant.at')}：${p.name}`}
          value={p.consentAt ? dayjs(p.consentAt) : null}
          disabled={p.consent === 'not-asked'}
          allowClear={false}
          onChange={(d) => d && void save(() => setConsent(p.memberId, p.consent, { at: d.toISOString(), note: p.consentNote }))}
        />
      ),
    },
    {
      key: 'note',
      title: t('cases.participant.note'),
      render: (_, p) => (
        <Input
          key={`${p.memberId}:${p.consentNote}`}
          size="small"
          aria-label={`${t('cases.participant.note')}：${p.name}`}
          defaultValue={p.consentNote}
          placeholder={t('cases.participant.notePlaceholder')}
          maxLength={500}
          onBlur={(e) => {
            const note = e.target.value.trim();
            if (note !== p.consentNote) void save(() => setConsent(p.memberId, p.consent, { at: p.consentAt, note }));
          }}
          onPressEnter={(e) => (e.target as HTMLInputElement).blur()}
        />
      ),
    },
  ];

  if (participants.length === 0) return <Typography.Text type="secondary">{t('cases.participant.none')}</Typography.Text>;
  return (
    <Table<CaseParticipantDto>
      size="small"
      rowKey="memberId"
      pagination={false}
      columns={columns}
      dataSource={participants}
      onRow={(p) => ({ 'data-testid': 'participant', 'data-member-id': p.memberId, 'data-consent': p.consent }) as HTMLAttributes<HTMLElement>}
    />
  );
}
