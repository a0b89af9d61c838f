import { useState } from 'react';
import { Alert, Button, Descriptions, InputNumber, Modal, Space, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../../i18n';
import { saveBlob } from '../../../lib/api/client';
import { formatStamp } from '../../../lib/time';
import { useComposerStore, type Created } from '../../../store/broadcasts/composer.store';
import { draftRequest, imageSizeText } from '../../../store/broadcasts/composer-selectors';
import { TargetSummary } from './TargetsStep';
import { ruleText } from './rule-text';

/** The last look: what, to how many groups, when; a dry run ends here; a big one asks for the count. */
export function ConfirmStep({ onCreated }: { onCreated(created: Created): void }) {
  const { t } = useTranslation();
  const s = useComposerStore();
  const req = draftRequest(s.draft);
  const when = s.draft.scheduleMode === 'recurring' ? ruleText(t, s.draft.rule) : s.draft.scheduleMode === 'at' && s.draft.at ? formatStamp(s.draft.at) : t('composer.now');

  const exportPlan = () => {
    if (!s.plan) return;
    saveBlob(new Blob([JSON.stringify({ draft: req, plan: s.plan }, null, 2)], { type: 'application/json' }), `${t('composer.dryRunFile')}-${dayjs().format('YYYYMMDD-HHmm')}.json`);
  };

  return (
    <div className="qz-composer-confirm">
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'name', label: t('composer.name'), children: req.name },
          { key: 'format', label: t('composer.format'), children: req.format === 'markdown' ? t('composer.formatMarkdown') : t('composer.formatText') },
          { key: 'when', label: t('composer.when'), children: when },
          ...(req.imageId !== undefined && s.draft.image
            ? [{ key: 'image', label: t('composer.image'), children: t('composer.imageInfo', { type: s.draft.image.mime === 'image/png' ? 'PNG' : 'JPG', size: imageSizeText(s.draft.image.size) }) }]
            : []),
          { key: 'targets', label: t('composer.step.targets'), children: <TargetSummary /> },
        ]}
      />
      <Space align="center">
        <Switch checked={s.dryRun} onChange={s.setDryRun} aria-label={t('composer.dryRun')} />
        <Typography.Text>{t('composer.dryRun')}</Typography.Text>
        <Typography.Text type="secondary">{t('composer.dryRunHint')}</Typography.Text>
      </Space>
      {s.dryRun ? (
        <Alert
          type="info"
          showIcon
          title={t('composer.dryRunDone', { count: formatCount(s.plan?.targets.length ?? 0) })}
          action={
            <Button size="small" onClick={exportPlan} disabled={!s.plan}>
              {t('composer.exportPlan')}
            </Button>
          }
        />
      ) : (
        s.plan &&
        s.plan.targets.length > s.plan.confirmOver && <Alert type="warning" showIcon title={t('composer.bigWarning', { count: formatCount(s.plan.targets.length), limit: formatCount(s.plan.confirmOver) })} />
      )}
      {s.createError && <Alert type="error" showIcon title={t('composer.createFailed')} description={s.createError} />}
      <SecondConfirmation onCreated={onCreated} />
    </div>
  );
}

/** Over the threshold the operator types the number of groups: a count seen, not a button clicked by habit. */
function SecondConfirmation({ onCreated }: { onCreated(created: Created): void }) {
  const { t } = useTranslation();
  const count = useComposerStore((s) => s.confirmCount);
  const creating = useComposerStore((s) => s.creating);
  const create = useComposerStore((s) => s.create);
  const cancel = useComposerStore((s) => s.cancelConfirm);
  const [typed, setTyped] = useState<number | null>(null);
  const ok = count !== null && typed === count;
  return (
    <Modal
      open={count !== null}
      title={t('composer.confirmTitle')}
      okText={t('composer.confirmOk')}
      okButtonProps={{ danger: true, disabled: !ok, loading: creating }}
      onOk={async () => {
        const created = await create(typed ?? undefined);
        if (created) onCreated(created);
      }}
      onCancel={() => {
        setTyped(null);
        cancel();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('composer.confirmText', { count: formatCount(count ?? 0) })}</Typography.Paragraph>
      <InputNumber autoFocus min={0} value={typed} onChange={(v) => setTyped(typeof v === 'number' ? v : null)} aria-label={t('composer.confirmInput')} style={{ width: 200 }} />
    </Modal>
  );
}
