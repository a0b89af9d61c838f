import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Input, Modal, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../lib/clipboard';
import { errorText } from '../../lib/errors';
import { useInboxStore, type ReplyResult } from '../../store/inbox/inbox.store';
import { MessageText } from './MessageText';

/**
 * Reply: no connector can send yet, so the core turns the reply into copy-ready text (quoting
 * the message) and the operator pastes it in the group's own client. The dialog says so.
 */
export function ReplyModal() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const target = useInboxStore((s) => s.replyTo);
  const close = useInboxStore((s) => s.closeReply);
  const reply = useInboxStore((s) => s.reply);
  const [text, setText] = useState('');
  const [result, setResult] = useState<ReplyResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setText('');
    setResult(null);
    setError(null);
  }, [target?.id]);

  const make = async () => {
    if (!target) return;
    if (!text.trim()) return setError(t('inbox.reply.required'));
    setBusy(true);
    setError(null);
    try {
      setResult(await reply(target.id, text));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!result) return;
    try {
      await copyText(result.copyText);
      void message.success(t('inbox.action.copied'));
    } catch {
      void message.error(t('inbox.action.copyFailed'));
    }
  };

  const footer = result
    ? [
        <Button key="edit" onClick={() => setResult(null)}>
          {t('inbox.reply.edit')}
        </Button>,
        <Button key="copy" type="primary" icon={<CopyOutlined aria-hidden />} onClick={() => void copy()}>
          {t('inbox.reply.copy')}
        </Button>,
        <Button key="done" onClick={close}>
          {t('inbox.reply.done')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={close}>
          {t('form.cancel')}
        </Button>,
        <Button key="make" type="primary" loading={busy} onClick={() => void make()}>
          {t('inbox.reply.make')}
        </Button>,
      ];

  return (
    <Modal open={target !== null} onCancel={close} title={target ? t('inbox.reply.title', { name: target.sender?.name || t('inbox.row.system') }) : null} footer={footer} width={560} destroyOnHidden>
      {target && (
        <Flex orientation="vertical" gap={12}>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('inbox.reply.quoted')} · {target.groupName}
            </Typography.Text>
            <div className="qz-copy-box" style={{ maxHeight: 120 }}>
              <MessageText text={target.text} />
            </div>
          </div>
          {result ? (
            <>
              <Alert type="info" showIcon title={t('inbox.reply.manual', { group: result.groupName, platform: t(`platform.${result.platform}`) })} />
              <div className="qz-copy-box" data-testid="reply-copy-text">
                {result.copyText}
              </div>
            </>
          ) : (
            <Input.TextArea
              autoFocus
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('inbox.reply.placeholder')}
              aria-label={t('inbox.reply.placeholder')}
              autoSize={{ minRows: 4, maxRows: 10 }}
              maxLength={4000}
              showCount
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void make();
              }}
            />
          )}
          {error && <Alert type="error" showIcon title={error} />}
        </Flex>
      )}
    </Modal>
  );
}
