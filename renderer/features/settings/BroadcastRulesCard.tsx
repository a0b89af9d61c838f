import { useEffect } from 'react';
import { Alert, App, Button, Card, Flex, InputNumber, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { settingsChanged, useBroadcastSettingsStore } from '../../store/broadcasts/broadcast-settings.store';

/**
 * Settings → 群发规则: how many broadcasts one group may get a day, the quiet hours nothing is sent
 * in (equal start and end: none), and above how many groups a broadcast asks for the count again.
 */
export function BroadcastRulesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const s = useBroadcastSettingsStore();
  const load = s.load;
  useEffect(() => {
    void load();
  }, [load]);
  const d = s.draft;
  const quiet = d.quietStart !== d.quietEnd;
  const time = (v: string) => dayjs(v, 'HH:mm');

  const save = async () => {
    try {
      await s.save();
      void message.success(t('broadcastRules.saved'));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card title={t('broadcastRules.title')} data-testid="broadcast-rules" role="region" aria-label={t('broadcastRules.title')}>
      {s.loadError && <Alert type="error" showIcon title={s.loadError} style={{ marginBottom: 12 }} />}
      <Flex vertical gap={14}>
        <Space wrap>
          <Typography.Text>{t('broadcastRules.perGroupPerDay')}</Typography.Text>
          <InputNumber min={1} max={50} value={d.perGroupPerDay} onChange={(v) => typeof v === 'number' && s.edit({ perGroupPerDay: v })} aria-label={t('broadcastRules.perGroupPerDay')} />
          <Typography.Text type="secondary">{t('broadcastRules.perGroupPerDayHint')}</Typography.Text>
        </Space>
        <Space wrap>
          <Typography.Text>{t('broadcastRules.quiet')}</Typography.Text>
          <Switch checked={quiet} onChange={(on) => s.edit(on ? { quietStart: '22:00', quietEnd: '08:00' } : { quietStart: '00:00', quietEnd: '00:00' })} aria-label={t('broadcastRules.quiet')} />
          {quiet && (
            <TimePicker.RangePicker
              format="HH:mm"
              order={false}
              allowClear={false}
              value={[time(d.quietStart), time(d.quietEnd)]}
              onChange={(v) => v?.[0] && v[1] && s.edit({ quietStart: v[0].format('HH:mm'), quietEnd: v[1].format('HH:mm') })}
              aria-label={t('broadcastRules.quiet')}
            />
          )}
          <Typography.Text type="secondary">{t('broadcastRules.quietHint')}</Typography.Text>
        </Space>
        <Space wrap>
          <Typography.Text>{t('broadcastRules.confirmOver')}</Typography.Text>
          <InputNumber min={1} max={100000} value={d.confirmOver} onChange={(v) => typeof v === 'number' && s.edit({ confirmOver: v })} aria-label={t('broadcastRules.confirmOver')} />
          <Typography.Text type="secondary">{t('broadcastRules.confirmOverHint')}</Typography.Text>
        </Space>
        <Space>
          <Button type="primary" loading={s.saving} disabled={!settingsChanged(s.saved, d)} onClick={() => void save()}>
            {t('broadcastRules.save')}
          </Button>
          <Button onClick={s.reset}>{t('broadcastRules.defaults')}</Button>
        </Space>
      </Flex>
    </Card>
  );
}
