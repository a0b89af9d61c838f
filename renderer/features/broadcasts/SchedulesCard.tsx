import { Alert, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatShortStamp, formatStamp } from '../../lib/time';
import { useSchedulesStore } from '../../store/broadcasts/schedules.store';
import { ruleText } from './composer/rule-text';

/** 循环群发: each with its rule, next occurrence, last broadcast; pause, resume, delete. Hidden when there are none. */
export function SchedulesCard({ onOpenBroadcast }: { onOpenBroadcast(id: number): void }) {
  const { t } = useTranslation();
  const items = useSchedulesStore((s) => s.items);
  const error = useSchedulesStore((s) => s.error);
  const busy = useSchedulesStore((s) => s.busy);
  const setPaused = useSchedulesStore((s) => s.setPaused);
  const remove = useSchedulesStore((s) => s.remove);
  if (!items.length && !error) return null;
  return (
    <Card size="small" title={t('broadcastSchedules.title')} data-testid="schedules">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <List
        dataSource={items}
        renderItem={(s) => (
          <List.Item
            data-testid="schedule-row"
            actions={[
              <Button key="pause" size="small" loading={busy === s.id} onClick={() => void setPaused(s.id, !s.paused)}>
                {s.paused ? t('broadcastSchedules.resume') : t('broadcastSchedules.pause')}
              </Button>,
              <Popconfirm key="delete" title={t('broadcastSchedules.deleteConfirm', { name: s.name })} okText={t('broadcastSchedules.delete')} okButtonProps={{ danger: true }} onConfirm={() => remove(s.id)}>
                <Button size="small" danger disabled={busy === s.id}>
                  {t('broadcastSchedules.delete')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space size={6}>
                  <Typography.Text strong>{s.name}</Typography.Text>
                  <Tag>{ruleText(t, s.rule)}</Tag>
                  {s.paused && <Tag color="default">{t('broadcastSchedules.paused')}</Tag>}
                </Space>
              }
              description={
                <Space size={12} wrap>
                  <span>{t('broadcastSchedules.next', { at: s.nextAt ? formatStamp(s.nextAt) : '—' })}</span>
                  {s.lastBroadcast && (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpenBroadcast(s.lastBroadcast!.id)}>
                      {t('broadcastSchedules.last', { at: formatShortStamp(s.lastBroadcast.createdAt) })}
                    </Button>
                  )}
                  {s.lastError && <Typography.Text type="danger">{s.lastError}</Typography.Text>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
