import { useEffect } from 'react';
import { Alert, Button, Drawer, Space, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { STEPS, useComposerStore, type Created, type Step } from '../../../store/broadcasts/composer.store';
import { contentProblems, planErrors, scheduleProblems, targetProblems, type Problem } from '../../../store/broadcasts/composer-selectors';
import { ContentStep } from './ContentStep';
import { TargetsStep } from './TargetsStep';
import { PlanStep } from './PlanStep';
import { ConfirmStep } from './ConfirmStep';
import './composer.css';

/**
 * The broadcast composer: content → targets → plan and previews → confirm. Every step after the
 * first shows the core's plan of the current draft (the dry run), so what the operator confirms
 * is what the outbox will do. Opened by the broadcasts page; `onCreated` opens the new report.
 */
export function Composer({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(created: Created): void }) {
  const { t } = useTranslation();
  const s = useComposerStore();

  useEffect(() => {
    if (open && !useComposerStore.getState().open) useComposerStore.getState().start();
    if (!open && useComposerStore.getState().open) useComposerStore.getState().close();
  }, [open]);

  const index = STEPS.indexOf(s.step);
  const blocked: Record<Step, Problem[]> = {
    content: contentProblems(s.draft),
    targets: targetProblems(s.draft, s.plan),
    plan: [...scheduleProblems(s.draft, Date.now()), ...(planErrors(s.plan) > 0 ? (['target_errors'] as const) : [])],
    confirm: [],
  };
  // A step can be reached when every step before it is complete.
  const reachable = (i: number) => STEPS.slice(0, i).every((st) => blocked[st].length === 0);
  const next = STEPS[index + 1];

  const send = async () => {
    const created = await s.create();
    if (created) onCreated(created);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={1080}
      title={t('composer.title')}
      destroyOnHidden
      footer={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Button onClick={onClose}>{t('composer.cancel')}</Button>
          <Space>
            {index > 0 && <Button onClick={() => s.goto(STEPS[index - 1]!)}>{t('composer.back')}</Button>}
            {next && (
              <Button type="primary" disabled={!reachable(index + 1)} onClick={() => s.goto(next)}>
                {t('composer.next')}
              </Button>
            )}
            {!next && !s.dryRun && (
              <Button type="primary" danger={!!s.plan && s.plan.targets.length > s.plan.confirmOver} loading={s.creating} disabled={!s.plan || s.plan.targets.length === 0 || s.planLoading} onClick={() => void send()}>
                {s.draft.scheduleMode === 'recurring' ? t('composer.createRecurring') : s.draft.scheduleMode === 'at' ? t('composer.schedule') : t('composer.send')}
              </Button>
            )}
          </Space>
        </Space>
      }
    >
      <Steps
        size="small"
        current={index}
        onChange={(i) => reachable(i) && s.goto(STEPS[i]!)}
        items={STEPS.map((st, i) => ({ title: t(`composer.step.${st}`), disabled: !reachable(i) }))}
        style={{ marginBottom: 20 }}
      />
      {s.choicesError && <Alert type="error" showIcon title={s.choicesError} style={{ marginBottom: 12 }} />}
      {s.step === 'content' && <ContentStep problems={blocked.content} />}
      {s.step === 'targets' && <TargetsStep problems={blocked.targets} />}
      {s.step === 'plan' && <PlanStep problems={blocked.plan} />}
      {s.step === 'confirm' && <ConfirmStep onCreated={onCreated} />}
    </Drawer>
  );
}
