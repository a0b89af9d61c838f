import { useEffect, useState } from 'react';
import { App, Button, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatStamp } from '../../lib/time';
import { useBroadcastListStore } from '../../store/broadcasts/list.store';
import { useBroadcastReportStore } from '../../store/broadcasts/report.store';
import { BroadcastList } from './BroadcastList';
import { BroadcastReport } from './BroadcastReport';
import { Composer } from './composer/Composer';
import { SchedulesCard } from './SchedulesCard';
import { useSchedulesStore } from '../../store/broadcasts/schedules.store';

/** 群发: the broadcasts, newest first; a row opens its delivery report; 新建群发 opens the composer. */
export function BroadcastsPage() {
  const { t } = useTranslation();
  const load = useBroadcastListStore((s) => s.load);
  const watchList = useBroadcastListStore((s) => s.watch);
  // The empty state has its own 新建群发: one such button on the page, never two.
  const empty = useBroadcastListStore((s) => s.loaded && !s.error && s.items.length === 0);
  const openId = useBroadcastReportStore((s) => s.openId);
  const open = useBroadcastReportStore((s) => s.open);
  const close = useBroadcastReportStore((s) => s.close);
  const watchReport = useBroadcastReportStore((s) => s.watch);
  const [composing, setComposing] = useState(false);
  const loadSchedules = useSchedulesStore((s) => s.load);
  const { message } = App.useApp();

  useEffect(() => {
    void load();
    void loadSchedules();
    const offList = watchList();
    const offReport = watchReport();
    return () => {
      offList();
      offReport();
      close();
    };
  }, [load, loadSchedules, watchList, watchReport, close]);

  const back = () => {
    close();
    void load({ quiet: true });
  };

  return (
    <Flex vertical gap={16}>
      {openId === null ? (
        <>
          <Flex justify="space-between" align="center" gap={16} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('broadcasts.title')}
            </Typography.Title>
            {!empty && (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setComposing(true)}>
                {t('broadcasts.new')}
              </Button>
            )}
          </Flex>
          <SchedulesCard onOpenBroadcast={open} />
          <BroadcastList onOpen={open} onNew={() => setComposing(true)} />
        </>
      ) : (
        <BroadcastReport onBack={back} />
      )}
      <Composer
        open={composing}
        onClose={() => setComposing(false)}
        onCreated={(created) => {
          setComposing(false);
          void load({ quiet: true });
          if ('broadcastId' in created) open(created.broadcastId);
          else {
            void loadSchedules();
            void message.success(t('composer.scheduledOk', { name: created.schedule.name, next: created.schedule.nextAt ? formatStamp(created.schedule.nextAt) : '—' }));
          }
        }}
      />
    </Flex>
  );
}
