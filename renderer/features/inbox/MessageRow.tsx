import { memo, type CSSProperties, type MouseEvent } from 'react';
import { Button, Checkbox, Dropdown, Tag, Tooltip, type MenuProps } from 'antd';
import { MoreOutlined, PaperClipOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageBody } from './format';
import type { MessageDto } from '../../../shared/domain/message';
import { PLATFORM_COLORS } from '../../lib/labels';
import { Time } from '../../lib/Time';
import { MessageText } from './MessageText';
import type { MessageActions } from './useMessageActions';

export const ROW_HEIGHT = 68;

interface Props {
  m: MessageDto;
  style: CSSProperties;
  cursor: boolean;
  selected: boolean;
  opened: boolean;
  actions: MessageActions;
  onRowClick(m: MessageDto, e: MouseEvent): void;
  onCheck(m: MessageDto, shift: boolean): void;
}

/** The menu every message has, in the list and in the context panel. */
export function useMessageMenu(m: MessageDto, actions: MessageActions): MenuProps {
  const { t } = useTranslation();
  const items: MenuProps['items'] = [
    { key: 'read', label: t(m.unread ? 'inbox.action.markRead' : 'inbox.action.markUnread') },
    { key: 'star', label: t(m.starred ? 'inbox.action.unstar' : 'inbox.action.star') },
    { key: 'spam', label: t(m.spam ? 'inbox.action.notSpam' : 'inbox.action.spam') },
    { key: 'copy', label: t('inbox.action.copy') },
    { key: 'reply', label: t('inbox.action.reply') },
    { type: 'divider' },
    { key: 'case', label: t('inbox.action.addToCase') },
    { key: 'thread', label: t('cases.pick.titleThread') },
  ];
  return {
    items,
    onClick: ({ key, domEvent }) => {
      domEvent.stopPropagation();
      if (key === 'read') void actions.setRead([m], m.unread, true);
      else if (key === 'star') void actions.setStarred([m], !m.starred);
      else if (key === 'spam') void actions.setSpam([m], !m.spam);
      else if (key === 'copy') void actions.copy([m]);
      else if (key === 'reply') actions.reply(m);
      else if (key === 'case') actions.addToCase([m]);
      else if (key === 'thread') actions.caseFromThread(m);
    },
  };
}

function MessageRowImpl({ m, style, cursor, selected, opened, actions, onRowClick, onCheck }: Props) {
  const { t } = useTranslation();
  const menu = useMessageMenu(m, actions);
  const cls = ['qz-row', m.unread && 'is-unread', cursor && 'is-cursor', selected && 'is-selected', opened && 'is-open'].filter(Boolean).join(' ');
  return (
    <div
      className={cls}
      style={{ ...style, height: ROW_HEIGHT }}
      role="listitem"
      aria-current={cursor || undefined}
      data-testid="message-row"
      data-id={m.id}
      data-unread={m.unread}
      onClick={(e) => onRowClick(m, e)}
    >
      <Checkbox
        checked={selected}
        aria-label={t('inbox.row.select')}
        onClick={(e) => {
          e.stopPropagation();
          onCheck(m, e.shiftKey);
        }}
      />
      <div className="qz-row-body">
        <div className="qz-row-top">
          <span className="qz-dot" role="img" aria-label={m.unread ? t('inbox.row.unread') : undefined} aria-hidden={!m.unread} />
          <span className="qz-sender">{m.sender?.name || t('inbox.row.system')}</span>
          <Tag color={PLATFORM_COLORS[m.platform]} variant="outlined">
            {t(`platform.${m.platform}`)}
          </Tag>
          <span className="qz-group" data-testid="row-group">
            {m.groupName}
          </span>
          {m.question && <Tag color="orange">{t('inbox.row.question')}</Tag>}
          {m.spam && <Tag color="red">{t('inbox.row.spam')}</Tag>}
          <span className="qz-spacer" />
          {m.attachments.length > 0 && (
            <Tooltip title={t('inbox.row.attachments', { count: m.attachments.length })}>
              <PaperClipOutlined aria-label={t('inbox.row.attachments', { count: m.attachments.length })} />
            </Tooltip>
          )}
          <Time className="qz-time" iso={m.sentAt} />
        </div>
        <div className="qz-row-text">
          <MessageText text={messageBody(m, t)} highlights={m.highlights} compact />
        </div>
      </div>
      <div className="qz-row-actions">
        <Button
          type="text"
          size="small"
          className={m.starred ? 'qz-star-on' : 'qz-hover-only'}
          aria-label={t(m.starred ? 'inbox.action.unstar' : 'inbox.action.star')}
          aria-pressed={m.starred}
          icon={m.starred ? <StarFilled aria-hidden /> : <StarOutlined aria-hidden />}
          onClick={(e) => {
            e.stopPropagation();
            void actions.setStarred([m], !m.starred);
          }}
        />
        <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
          <Button type="text" size="small" className="qz-hover-only" aria-label={t('inbox.row.more')} icon={<MoreOutlined aria-hidden />} onClick={(e) => e.stopPropagation()} />
        </Dropdown>
      </div>
    </div>
  );
}

export const MessageRow = memo(MessageRowImpl);
