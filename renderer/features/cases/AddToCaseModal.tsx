import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { useCasePickStore } from '../../store/cases/pick.store';
import { useRouteStore } from '../../store/route/route.store';

/** 加入案例 / 整段对话建案例 from the inbox: a new case, or the messages added to an existing one; then open it or stay. */
export function AddToCaseModal({ onDone }: { onDone?(): void }) {
  const { t } = useTranslation();
  const pick = useCasePickStore((s) => s.pick);
  const choices = useCasePickStore((s) => s.choices);
  const choicesLoading = useCasePickStore((s) => s.choicesLoading);
  const busy = useCasePickStore((s) => s.busy);
  const error = useCasePickStore((s) => s.error);
  const done = useCasePickStore((s) => s.done);
  const close = useCasePickStore((s) => s.close);
  const searchCases = useCasePickStore((s) => s.searchCases);
  const submit = useCasePickStore((s) => s.submit);
  const navigate = useRouteStore((s) => s.navigate);
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [title, setTitle] = useState('');
  const [caseId, setCaseId] = useState<number | null>(null);

  const reset = () => {
    setMode('new');
    setTitle('');
    setCaseId(null);
    close();
  };
  const ok = async () => {
    const c = await submit(mode === 'existing' && caseId !== null ? { caseId } : { title });
    if (c) onDone?.();
  };
  const openCase = () => {
    if (!done) return;
    const id = done.case.id;
    reset();
    void useCaseEditorStore.getState().open(id);
    navigate('cases');
  };

  const thread = pick !== null && 'threadOf' in pick;
  const footer = done
    ? [
        <Button key="stay" onClick={reset}>
          {t('cases.pick.stay')}
        </Button>,
        <Button key="open" type="primary" onClick={openCase}>
          {t('cases.pick.openCase')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={reset}>
          {t('cases.msg.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={busy} disabled={mode === 'existing' && caseId === null} onClick={() => void ok()}>
          {t('cases.pick.ok')}
        </Button>,
      ];

  return (
    <Modal open={pick !== null} title={t(thread ? 'cases.pick.titleThread' : 'cases.pick.title')} onCancel={reset} footer={footer} destroyOnHidden>
      {done ? (
        <Alert
          type="success"
          showIcon
          data-testid="case-picked"
          title={t(done.created ? 'cases.pick.created' : 'cases.pick.added', { title: done.case.title, count: done.case.messages.length })}
        />
      ) : (
        <Form layout="vertical">
          <Typography.Paragraph>{pick && 'messageIds' in pick ? t('cases.pick.count', { count: pick.messageIds.length }) : t('cases.pick.thread')}</Typography.Paragraph>
          <Form.Item>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'new' | 'existing')}>
              <Radio value="new">{t('cases.pick.new')}</Radio>
              <Radio value="existing">{t('cases.pick.existing')}</Radio>
            </Radio.Group>
          </Form.Item>
          {mode === 'new' ? (
            <Form.Item label={t('cases.pick.caseTitle')} htmlFor="pick-case-title">
              <Input id="pick-case-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('cases.pick.caseTitlePlaceholder')} maxLength={200} onPressEnter={() => void ok()} />
            </Form.Item>
          ) : (
            <Form.Item label={t('cases.pick.chooseCase')}>
              <Select<number>
                showSearch={{ filterOption: false, onSearch: (q) => void searchCases(q) }}
                aria-label={t('cases.pick.chooseCase')}
                value={caseId}
                onChange={setCaseId}
                loading={choicesLoading}
                notFoundContent={t('cases.pick.noCases')}
                options={choices.map((c) => ({ value: c.id, label: c.title }))}
              />
            </Form.Item>
          )}
          {error && <Alert type="error" showIcon title={t('cases.pick.failed')} description={error} />}
        </Form>
      )}
    </Modal>
  );
}
