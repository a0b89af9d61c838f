import { Alert, Button, Empty, Flex, Segmented, Select, Spin, Tag, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CLASS_COLORS, PLATFORM_COLORS, TAG_COLORS } from '../../lib/labels';
import { useInboxDetailStore } from '../../store/inbox/detail.store';
import { useInboxStore, type UnansweredItem } from '../../store/inbox/inbox.store';
import { sortTags } from '../../store/roster/selectors';
import { Time } from '../../lib/Time';
import { formatWaiting } from './format';
import { MessageText } from './MessageText';
import type { MessageActions } from './useMessageActions';

const WINDOWS = [30, 60, 120, 240, 1440];


/** How urgent a wait looks: over a day red, over four hours orange. */
function waitColor(minutes: number): string {
  if (minutes >= 1440) return 'red';
  if (minutes >= 240) return 'orange';
  return 'gold';
}

function Row({ q, actions }: { q: UnansweredItem; actions: MessageActions }) {
  const { t } = useTranslation();
  const openId = useInboxDetailStore((s) => s.openId);
  return (
    <div
      className={openId === q.id ? 'qz-ctx-msg is-opened' : 'qz-ctx-msg'}
      style={{ borderBottom: '1px solid #f5f5f5', borderRadius: 0, padding: '12px 20px' }}
      role="listitem"
      data-testid="unanswered-row"
      onClick={() => actions.open(q)}
    >
      <Flex gap={8} align="center" wrap>
        <Tag color={waitColor(q.waitingMinutes)} icon={<ClockCircleOutlined aria-hidden />}>
          {t('inbox.unanswered.waiting', { time: formatWaiting(q.waitingMinutes, t) })}
        </Tag>
        <Typography.Text strong>{q.sender?.name || t('inbox.row.system')}</Typography.Text>
        {q.askerTags.length === 0 ? (
          <Tag>{t(`inbox.role.${q.askerRole}`)}</Tag>
        ) : (
          sortTags(q.askerTags).map((tag) => (
            <Tag key={tag} color={TAG_COLORS[tag]}>
              {t(`roster.tag.${tag}`)}
            </Tag>
          ))
        )}
        <Tag color={PLATFORM_COLORS[q.platform]} variant="outlined">
          {t(`platform.${q.platform}`)}
        </Tag>
        <Typography.Text type="secondary">{q.groupName}</Typography.Text>
        {q.groupClass && (
          <Tag color={CLASS_COLORS[q.groupClass]} variant="outlined" data-testid="unanswered-class">
            {t(`groupClass.${q.groupClass}`)}
          </Tag>
        )}
        <span className="qz-spacer" />
        <Time className="qz-time" iso={q.sentAt} />
        <Button size="small" type="link" onClick={(e) => {
            e.stopPropagation();
            actions.open(q);
          }}>
          {t('inbox.unanswered.open')}
        </Button>
        <Button size="small" onClick={(e) => {
            e.stopPropagation();
            actions.reply(q);
          }}>
          {t('inbox.action.reply')}
        </Button>
      </Flex>
      <div className="qz-ctx-text" style={{ marginTop: 6 }}>
        <MessageText text={q.text} />
      </div>
    </div>
  );
}

/** Questions still waiting for staff: one click opens the question in its context. */
export function UnansweredList({ actions }: { actions: MessageActions }) {
  const { t } = useTranslation();
  const u = useInboxStore((s) => s.unanswered);
  const setWithin = useInboxStore((s) => s.setWithinMinutes);
  const setSort = useInboxStore((s) => s.setUnansweredSort);
  const load = useInboxStore((s) => s.loadUnanswered);
  const within = formatWaiting(u.withinMinutes, t);

  return (
    <Flex orientation="vertical" style={{ flex: 1, minHeight: 0 }}>
      <Flex gap={12} align="center" wrap style={{ padding: '12px 20px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text type="secondary" style={{ flex: 1 }}>
          {t(u.sort === 'priority' ? 'inbox.unanswered.introPriority' : 'inbox.unanswered.intro', { within })}
        </Typography.Text>
        <Segmented<'priority' | 'newest'>
          aria-label={t('inbox.unanswered.sort')}
          value={u.sort}
          onChange={setSort}
          options={[
            { value: 'priority', label: t('inbox.unanswered.byPriority') },
            { value: 'newest', label: t('inbox.unanswered.byNewest') },
          ]}
        />
        <Select
          aria-label={t('inbox.unanswered.within')}
          prefix={t('inbox.unanswered.within')}
          value={u.withinMinutes}
          onChange={setWithin}
          options={WINDOWS.map((m) => ({ value: m, label: formatWaiting(m, t) }))}
          style={{ width: 200 }}
        />
      </Flex>
      {u.error ? (
        <div style={{ padding: 20 }}>
          <Alert
            type="error"
            showIcon
            title={t('inbox.unanswered.failed')}
            description={u.error}
            action={
              <Button size="small" onClick={() => void load()}>
                {t('inbox.list.retry')}
              </Button>
            }
          />
        </div>
      ) : u.loading ? (
        <div style={{ padding: 48, display: 'grid', placeItems: 'center' }}>
          <Spin />
        </div>
      ) : u.items.length === 0 ? (
        <Empty
          style={{ padding: 48 }}
          description={
            <Flex orientation="vertical" gap={4} align="center">
              <Typography.Text strong>{t('inbox.unanswered.empty')}</Typography.Text>
              <Typography.Text type="secondary" style={{ maxWidth: 460 }}>
                {t('inbox.unanswered.emptyHint')}
              </Typography.Text>
            </Flex>
          }
        />
      ) : (
        <div role="list" aria-label={t('inbox.tabUnanswered')} style={{ overflowY: 'auto', flex: 1 }}>
          {u.items.map((q) => (
            <Row key={q.id} q={q} actions={actions} />
          ))}
        </div>
      )}
    </Flex>
  );
}
