import { memo, useState, type DragEvent } from 'react';
import { Button, Input, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CommentOutlined,
  DeleteOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  HolderOutlined,
  PaperClipOutlined,
  ScissorOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseMessageDto } from '../../../shared/api/cases';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { formatFullTime } from '../../lib/time';
import { RedactedText } from './RedactedText';
import { useSave } from './useSave';

const DRAG_TYPE = 'application/x-qunzhu-case-message';

interface Props {
  m: CaseMessageDto;
  index: number;
  count: number;
}

/** One message of the case: its text as exported (redactions visible and switchable), and its edits. */
function CaseMessageCardImpl({ m, index, count }: Props) {
  const { t, i18n } = useTranslation();
  const save = useSave();
  const move = useCaseEditorStore((s) => s.move);
  const moveIndex = useCaseEditorStore((s) => s.moveIndex);
  const editMessage = useCaseEditorStore((s) => s.editMessage);
  const removeMessage = useCaseEditorStore((s) => s.removeMessage);
  const setRedaction = useCaseEditorStore((s) => s.setRedaction);
  const [trim, setTrim] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [dropping, setDropping] = useState(false);

  const toggle = (r: { id: string; applied: boolean }) => void save(() => setRedaction(r.id, !r.applied));
  const saveTrim = async () => {
    if (trim === null) return;
    const text = trim.trim();
    const next = !text || text === m.originalText.trim() ? null : text;
    if (await save(() => editMessage(m.messageId, { trimmedText: next }))) setTrim(null);
  };
  const saveNote = async () => {
    if (note === null) return;
    if (await save(() => editMessage(m.messageId, { annotation: note.trim() }))) setNote(null);
  };
  const onDrop = (e: DragEvent) => {
    setDropping(false);
    const from = Number(e.dataTransfer.getData(DRAG_TYPE));
    if (!e.dataTransfer.types.includes(DRAG_TYPE) || !Number.isInteger(from)) return;
    e.preventDefault();
    void save(() => moveIndex(from, index));
  };

  const cls = ['qz-cmsg', m.hidden && 'is-hidden', dropping && 'is-drop'].filter(Boolean).join(' ');
  return (
    <div
      className={cls}
      data-testid="case-message"
      data-id={m.messageId}
      data-hidden={m.hidden}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <div className="qz-cmsg-head">
        <span
          className="qz-cmsg-handle"
          draggable
          role="img"
          aria-label={t('cases.msg.drag')}
          title={t('cases.msg.drag')}
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_TYPE, String(index));
            e.dataTransfer.effectAllowed = 'move';
          }}
        >
          <HolderOutlined aria-hidden />
        </span>
        <span className="qz-cmsg-n">{index + 1}</span>
        <strong data-testid="case-message-label">{m.sender.label}</strong>
        {m.sender.name && m.sender.name !== m.sender.label && <Typography.Text type="secondary">{m.sender.name}</Typography.Text>}
        <time dateTime={m.sentAt} className="qz-cmsg-time">
          {formatFullTime(m.sentAt, i18n.language)}
        </time>
        {m.trimmedText !== null && <Tag color="blue">{t('cases.msg.trimmed')}</Tag>}
        {m.hidden && <Tag>{t('cases.msg.hidden')}</Tag>}
        {m.sourceDeleted && (
          <Tooltip title={t('cases.msg.sourceDeleted')}>
            <Tag color="orange">{t('cases.msg.sourceDeletedShort')}</Tag>
          </Tooltip>
        )}
        <span className="qz-spacer" />
        <div className="qz-cmsg-actions">
          <Tooltip title={t('cases.msg.up')}>
            <Button size="small" type="text" aria-label={t('cases.msg.up')} icon={<ArrowUpOutlined aria-hidden />} disabled={index === 0} onClick={() => void save(() => move(m.messageId, -1))} />
          </Tooltip>
          <Tooltip title={t('cases.msg.down')}>
            <Button size="small" type="text" aria-label={t('cases.msg.down')} icon={<ArrowDownOutlined aria-hidden />} disabled={index === count - 1} onClick={() => void save(() => move(m.messageId, 1))} />
          </Tooltip>
          <Tooltip title={t(m.hidden ? 'cases.msg.show' : 'cases.msg.hide')}>
            <Button
              size="small"
              type="text"
              aria-label={t(m.hidden ? 'cases.msg.show' : 'cases.msg.hide')}
              icon={m.hidden ? <EyeOutlined aria-hidden /> : <EyeInvisibleOutlined aria-hidden />}
              onClick={() => void save(() => editMessage(m.messageId, { hidden: !m.hidden }))}
            />
          </Tooltip>
          <Tooltip title={t('cases.msg.trim')}>
            <Button size="small" type="text" aria-label={t('cases.msg.trim')} icon={<ScissorOutlined aria-hidden />} onClick={() => setTrim(m.trimmedText ?? m.originalText)} />
          </Tooltip>
          <Tooltip title={t('cases.msg.annotate')}>
            <Button size="small" type="text" aria-label={t('cases.msg.annotate')} icon={<CommentOutlined aria-hidden />} onClick={() => setNote(m.annotation)} />
          </Tooltip>
          <Popconfirm
            title={t('cases.msg.removeConfirm')}
            description={t('cases.msg.removeHint')}
            okText={t('cases.msg.remove')}
            cancelText={t('cases.msg.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => save(() => removeMessage(m.messageId))}
          >
            <Button size="small" type="text" danger aria-label={t('cases.msg.remove')} icon={<DeleteOutlined aria-hidden />} />
          </Popconfirm>
        </div>
      </div>

      {trim !== null ? (
        <div className="qz-cmsg-edit">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('cases.msg.trimHint')}
          </Typography.Text>
          <Input.TextArea aria-label={t('cases.msg.trim')} value={trim} onChange={(e) => setTrim(e.target.value)} autoSize={{ minRows: 2, maxRows: 10 }} maxLength={10_000} autoFocus />
          <div className="qz-cmsg-edit-actions">
            {m.trimmedText !== null && (
              <Button size="small" onClick={() => void save(() => editMessage(m.messageId, { trimmedText: null })).then((ok) => ok && setTrim(null))}>
                {t('cases.msg.resetTrim')}
              </Button>
            )}
            <span className="qz-spacer" />
            <Button size="small" onClick={() => setTrim(null)}>
              {t('cases.msg.cancel')}
            </Button>
            <Button size="small" type="primary" onClick={() => void saveTrim()}>
              {t('cases.msg.save')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="qz-cmsg-text" data-testid="case-message-text">
          <RedactedText text={m.redactedText} redactions={m.redactions} onToggle={toggle} />
        </div>
      )}

      {note !== null ? (
        <div className="qz-cmsg-edit">
          <Input.TextArea
            aria-label={t('cases.msg.annotation')}
            placeholder={t('cases.msg.annotationPlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            autoFocus
          />
          <div className="qz-cmsg-edit-actions">
            <span className="qz-spacer" />
            <Button size="small" onClick={() => setNote(null)}>
              {t('cases.msg.cancel')}
            </Button>
            <Button size="small" type="primary" onClick={() => void saveNote()}>
              {t('cases.msg.save')}
            </Button>
          </div>
        </div>
      ) : (
        m.annotation && (
          <div className="qz-cmsg-note" data-testid="case-message-note">
            <CommentOutlined aria-label={t('cases.msg.annotation')} />{' '}
            <RedactedText text={m.redactedAnnotation.text} redactions={m.redactedAnnotation.redactions} onToggle={toggle} />
          </div>
        )
      )}
      {m.attachments.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <PaperClipOutlined aria-hidden /> {t('cases.msg.attachments', { count: m.attachments.length })}
        </Typography.Text>
      )}
    </div>
  );
}

export const CaseMessageCard = memo(CaseMessageCardImpl);
