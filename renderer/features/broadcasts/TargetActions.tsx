import { App, Button, Space, Tooltip } from 'antd';
import { CheckOutlined, CopyOutlined, PictureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BroadcastRowDto, TargetDto } from '../../../shared/api/broadcasts';
import { copyImage, copyText, dataUrlToBlob } from '../../lib/clipboard';
import { errorText } from '../../lib/errors';
import { targetActions } from '../../store/broadcasts/selectors';
import { useBroadcastReportStore } from '../../store/broadcasts/report.store';

/**
 * A target's own buttons: copy the text (and the picture) and tick it sent (or take the tick back)
 * for the manual and owner-confirm ones; 复制图片 to send the picture by hand where the robot cannot
 * post it; 已送达 or 重新发送 (after a warning that it may arrive twice) for an uncertain one.
 */
export function TargetActions({ target, broadcastStatus }: { target: TargetDto; broadcastStatus: BroadcastRowDto['status'] }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const busy = useBroadcastReportStore((s) => s.busy[target.id]);
  const markManual = useBroadcastReportStore((s) => s.markManual);
  const resolveUncertain = useBroadcastReportStore((s) => s.resolveUncertain);
  const imageData = useBroadcastReportStore((s) => s.imageData);
  const image = useBroadcastReportStore((s) => s.report?.broadcast.image ?? null);
  const actions = targetActions(target, broadcastStatus, image !== null);
  if (actions.length === 0) return null;
  const name = target.groupName;

  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      void message.success(done);
    } catch (e) {
      void message.error(t('broadcasts.report.actionFailed', { error: errorText(e) }));
    }
  };

  const onCopy = async () => {
    try {
      await copyText(target.text);
      void message.success(t('broadcasts.report.copied', { name }));
    } catch {
      void message.error(t('broadcasts.report.copyFailed'));
    }
  };

  const onCopyImage = async () => {
    try {
      const how = await copyImage(async () => dataUrlToBlob(await imageData()), `${name}-${t('broadcasts.report.image')}`);
      void message.success(how === 'copied' ? t('broadcasts.report.imageCopied', { name }) : t('broadcasts.report.imageSaved'));
    } catch (e) {
      void message.error(t('broadcasts.report.imageCopyFailed', { error: errorText(e) }));
    }
  };

  const onResend = () =>
    void modal.confirm({
      title: t('broadcasts.report.resendTitle', { name }),
      content: t('broadcasts.report.resendHint'),
      okText: t('broadcasts.report.resend'),
      okButtonProps: { danger: true },
      cancelText: t('broadcasts.report.keep'),
      onOk: () => run(() => resolveUncertain(target.id, 'resend'), t('broadcasts.report.resent', { name })),
    });

  const disabled = busy !== undefined;
  return (
    <Space size={4} wrap>
      {actions.includes('copy') && (
        <Tooltip title={t('broadcasts.report.copyHint')}>
          <Button size="small" icon={<CopyOutlined aria-hidden />} onClick={() => void onCopy()} aria-label={t('broadcasts.report.copyFor', { name })}>
            {t('broadcasts.report.copy')}
          </Button>
        </Tooltip>
      )}
      {actions.includes('copyImage') && (
        <Tooltip title={target.mode === 'auto' ? t('broadcasts.report.copyImageHintRobot') : t('broadcasts.report.copyImageHint')}>
          <Button size="small" icon={<PictureOutlined aria-hidden />} onClick={() => void onCopyImage()} aria-label={t('broadcasts.report.copyImageFor', { name })}>
            {t('broadcasts.report.copyImage')}
          </Button>
        </Tooltip>
      )}
      {actions.includes('markSent') && (
        <Tooltip title={target.mode === 'owner-confirm' ? t('broadcasts.report.markOwnerHint') : undefined}>
          <Button
            size="small"
            type="primary"
            icon={<CheckOutlined aria-hidden />}
            loading={busy === 'markSent'}
            disabled={disabled && busy !== 'markSent'}
            onClick={() => void run(() => markManual(target.id, true), t('broadcasts.report.marked', { name }))}
            aria-label={t('broadcasts.report.markFor', { name })}
          >
            {t('broadcasts.report.markSent')}
          </Button>
        </Tooltip>
      )}
      {actions.includes('undo') && (
        <Button
          size="small"
          type="link"
          loading={busy === 'undo'}
          disabled={disabled && busy !== 'undo'}
          onClick={() => void run(() => markManual(target.id, false), t('broadcasts.report.unmarked', { name }))}
          aria-label={t('broadcasts.report.undoFor', { name })}
        >
          {t('broadcasts.report.undo')}
        </Button>
      )}
      {actions.includes('resolveSent') && (
        <Button
          size="small"
          type="primary"
          loading={busy === 'resolveSent'}
          disabled={disabled && busy !== 'resolveSent'}
          onClick={() => void run(() => resolveUncertain(target.id, 'sent'), t('broadcasts.report.resolved', { name }))}
        >
          {t('broadcasts.report.resolveSent')}
        </Button>
      )}
      {actions.includes('resend') && (
        <Button size="small" danger loading={busy === 'resend'} disabled={disabled && busy !== 'resend'} onClick={onResend}>
          {t('broadcasts.report.resend')}
        </Button>
      )}
    </Space>
  );
}
