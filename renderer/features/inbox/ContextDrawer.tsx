import { useEffect, useRef } from 'react';
import { Alert, Button, Descriptions, Divider, Drawer, Dropdown, Empty, Flex, List, Skeleton, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { FolderAddOutlined, MoreOutlined, PaperClipOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { attachmentKind, messageBody } from './format';
import type { MessageDto } from '../../../shared/domain/message';
import { safeHref } from '../../store/inbox/selectors';
import { useInboxDetailStore } from '../../store/inbox/detail.store';
import { PLATFORM_COLORS } from '../../lib/labels';
import { formatFullTime } from '../../lib/time';
import { Time } from '../../lib/Time';
import { MessageText } from './MessageText';
import { useMessageMenu } from './MessageRow';
import type { MessageActions } from './useMessageActions';

/** One message inside the panel; clicking another one opens it. */
function ContextMessage({ m, opened = false, showGroup = false }: { m: MessageDto; opened?: boolean; showGroup?: boolean }) {
  const { t } = useTranslation();
  const open = useInboxDetailStore((s) => s.open);
  const ref = useRef<HTMLDivElement>(null);
  // The opened message in the middle of the panel. Only the panel's body scrolls: scrollIntoView
  // would move the page behind it too.
  useEffect(() => {
    const el = ref.current;
    const body = el?.closest('.ant-drawer-body');
    if (!opened || !el || !body) return;
    const a = el.getBoundingClientRect();
    const b = body.getBoundingClientRect();
    body.scrollTop += a.top - b.top - (b.height - a.height) / 2;
  }, [opened, m.id]);
  return (
    <div
      ref={ref}
      className={opened ? 'qz-ctx-msg is-opened' : 'qz-ctx-msg'}
      data-testid={opened ? 'context-opened' : 'context-message'}
      data-id={m.id}
      aria-current={opened || undefined}
      role={opened ? undefined : 'button'}
      tabIndex={opened ? undefined : 0}
      title={opened ? undefined : t('inbox.detail.open')}
      onClick={opened ? undefined : () => void open(m.id)}
      onKeyDown={opened ? undefined : (e) => e.key === 'Enter' && void open(m.id)}
    >
      <div className="qz-ctx-meta">
        <strong>{m.sender?.name || t('inbox.row.system')}</strong>
        {showGroup && <span>{m.groupName}</span>}
        <Time iso={m.sentAt} />
        {m.unread && <Tag color="green">{t('inbox.row.unread')}</Tag>}
        {m.question && <Tag color="orange">{t('inbox.row.question')}</Tag>}
        {m.spam && <Tag color="red">{t('inbox.row.spam')}</Tag>}
        {m.starred && <StarFilled className="qz-star-on" aria-label={t('inbox.filter.starred')} />}
      </div>
      <div className="qz-ctx-text">
        <MessageText text={messageBody(m, t)} highlights={m.highlights} />
      </div>
      {opened && m.attachments.length > 0 && (
        <div style={{ marginTop: 6 }}>
          {m.attachments.map((a, i) => {
            const href = safeHref(a.ref);
            return (
              <div key={i} style={{ fontSize: 13 }}>
                <PaperClipOutlined aria-hidden /> <Tag>{attachmentKind(a.kind, t)}</Tag>
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                    {a.ref}
                  </a>
                ) : (
                  <Typography.Text type="secondary">{a.ref}</Typography.Text>
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function ContextTab() {
  const { t } = useTranslation();
  const context = useInboxDetailStore((s) => s.context);
  if (!context) return null;
  const { message, before, after, chain, replies } = context;
  return (
    <div>
      {chain.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('inbox.detail.chain')}
          </Typography.Title>
          {chain.map((m) => (
            <ContextMessage key={m.id} m={m} />
          ))}
          <Divider style={{ margin: '12px 0' }} />
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('inbox.detail.timeline')}
      </Typography.Title>
      {before.map((m) => (
        <ContextMessage key={m.id} m={m} />
      ))}
      <ContextMessage m={message} opened />
      {after.map((m) => (
        <ContextMessage key={m.id} m={m} />
      ))}
      <Divider style={{ margin: '12px 0' }} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('inbox.detail.replies', { count: replies.length })}
      </Typography.Title>
      {replies.length === 0 ? (
        <Typography.Text type="secondary">{t('inbox.detail.noReplies')}</Typography.Text>
      ) : (
        replies.map((m) => <ContextMessage key={m.id} m={m} />)
      )}
    </div>
  );
}

function SenderTab() {
  const { t, i18n } = useTranslation();
  const context = useInboxDetailStore((s) => s.context);
  const sender = useInboxDetailStore((s) => s.sender);
  const loading = useInboxDetailStore((s) => s.senderLoading);
  const error = useInboxDetailStore((s) => s.senderError);
  if (!context?.message.sender) return <Empty description={t('inbox.detail.noSender')} />;
  if (error) return <Alert type="error" showIcon title={t('inbox.detail.senderFailed')} description={error} />;
  if (loading || !sender) return <Skeleton active />;
  return (
    <Flex orientation="vertical" gap={16} data-testid="sender-card">
      <Descriptions
        column={1}
        size="small"
        title={
          <Space>
            {sender.name}
            <Tag color={PLATFORM_COLORS[sender.platform]}>{t(`platform.${sender.platform}`)}</Tag>
          </Space>
        }
        items={[
          { key: 'id', label: t('inbox.detail.platformId'), children: <Typography.Text copyable>{sender.platformUserId}</Typography.Text> },
          { key: 'first', label: t('inbox.detail.firstSeen'), children: formatFullTime(sender.firstSeenAt, i18n.language) },
          { key: 'last', label: t('inbox.detail.lastSeen'), children: formatFullTime(sender.lastSeenAt, i18n.language) },
          {
            key: 'nicks',
            label: t('inbox.detail.nicknames'),
            children: (
              <Space size={[4, 4]} wrap>
                {sender.nicknames.map((n) => (
                  <Tag key={n}>{n}</Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('inbox.detail.groups')}</Typography.Title>
        <List
          size="small"
          dataSource={sender.groups}
          renderItem={(g) => (
            <List.Item>
              <Space>
                {g.name}
                <Tag color={g.role === 'member' ? 'default' : 'gold'}>{t(`inbox.role.${g.role}`)}</Tag>
                {g.left && <Tag>{t('inbox.detail.left')}</Tag>}
              </Space>
            </List.Item>
          )}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('inbox.detail.recent')}</Typography.Title>
        {sender.recent.map((m) => (
          <ContextMessage key={m.id} m={m} showGroup />
        ))}
      </div>
    </Flex>
  );
}

/** The context panel: the opened message in its group's timeline, its reply chain and replies, and its sender. */
export function ContextDrawer({ actions }: { actions: MessageActions }) {
  const { t } = useTranslation();
  const openId = useInboxDetailStore((s) => s.openId);
  const context = useInboxDetailStore((s) => s.context);
  const loading = useInboxDetailStore((s) => s.loading);
  const error = useInboxDetailStore((s) => s.error);
  const close = useInboxDetailStore((s) => s.close);
  const m = context?.message ?? null;

  return (
    <Drawer
      open={openId !== null}
      onClose={close}
      size={560}
      mask={false}
      destroyOnHidden
      // No padding above the sticky tab bar, so the timeline does not show through above it.
      styles={{ body: { paddingTop: 0 } }}
      title={
        m ? (
          <Space>
            <Tag color={PLATFORM_COLORS[m.platform]}>{t(`platform.${m.platform}`)}</Tag>
            <span>{m.groupName}</span>
          </Space>
        ) : null
      }
      extra={m && <DrawerActions m={m} actions={actions} />}
      rootClassName="qz-context"
    >
      {error ? (
        <Alert type="error" showIcon title={t('inbox.detail.loadFailed')} description={error} />
      ) : loading && !context ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : context ? (
        <Tabs
          // The tabs stay in view while the timeline scrolls under them.
          tabBarStyle={{ position: 'sticky', top: 0, zIndex: 1, background: '#fff', paddingTop: 8 }}
          items={[
            { key: 'context', label: t('inbox.detail.context'), children: <ContextTab /> },
            { key: 'sender', label: context.message.sender ? t('inbox.detail.senderOf', { name: context.message.sender.name }) : t('inbox.detail.sender'), children: <SenderTab /> },
          ]}
        />
      ) : null}
    </Drawer>
  );
}

function DrawerActions({ m, actions }: { m: MessageDto; actions: MessageActions }) {
  const { t } = useTranslation();
  const menu = useMessageMenu(m, actions);
  return (
    <Space size={4}>
      <Button type="primary" onClick={() => actions.reply(m)}>
        {t('inbox.action.reply')}
      </Button>
      <Button onClick={() => void actions.setRead([m], m.unread, true)}>{t(m.unread ? 'inbox.action.markRead' : 'inbox.action.markUnread')}</Button>
      <Tooltip title={t('cases.pick.titleThread')}>
        <Button aria-label={t('cases.pick.titleThread')} icon={<FolderAddOutlined aria-hidden />} onClick={() => actions.caseFromThread(m)} />
      </Tooltip>
      <Tooltip title={t(m.starred ? 'inbox.action.unstar' : 'inbox.action.star')}>
        <Button
          aria-label={t(m.starred ? 'inbox.action.unstar' : 'inbox.action.star')}
          aria-pressed={m.starred}
          icon={m.starred ? <StarFilled className="qz-star-on" aria-hidden /> : <StarOutlined aria-hidden />}
          onClick={() => void actions.setStarred([m], !m.starred)}
        />
      </Tooltip>
      <Dropdown menu={menu} trigger={['click']} placement="bottomRight">
        <Button aria-label={t('inbox.row.more')} icon={<MoreOutlined aria-hidden />} />
      </Dropdown>
    </Space>
  );
}
