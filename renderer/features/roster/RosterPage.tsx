import { useEffect, useState } from 'react';
import { App, Button, Dropdown, Flex, Space, Typography } from 'antd';
import { DownloadOutlined, TagsOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useMemberStore } from '../../store/roster/member.store';
import { useRosterStore } from '../../store/roster/roster.store';
import { AsOfBanner } from './AsOfBanner';
import { BulkBar } from './BulkBar';
import { ImportModal } from './ImportModal';
import { LabelsManager } from './LabelsManager';
import { MemberDrawer } from './MemberDrawer';
import { MemberSegmentEditor } from './MemberSegmentEditor';
import { RosterTable } from './RosterTable';
import { RosterToolbar } from './RosterToolbar';
import './roster.css';

/** The roster: every member across groups, their tags with evidence, labels, fields and segments. */
export function RosterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mount = useRosterStore((s) => s.mount);
  const unmount = useRosterStore((s) => s.unmount);
  const count = useRosterStore((s) => s.count);
  const status = useRosterStore((s) => s.status);
  const exportFiltered = useRosterStore((s) => s.exportFiltered);
  const closeMember = useMemberStore((s) => s.close);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    mount();
    return () => {
      unmount();
      closeMember();
    };
  }, [mount, unmount, closeMember]);

  const doExport = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      const r = await exportFiltered(format);
      void message.success(t('roster.export.done', { n: formatCount(r.rows), name: r.name }));
    } catch (e) {
      void message.error(t('roster.export.failed', { error: errorText(e) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="qz-roster">
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Space align="baseline" size={12}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('roster.title')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="roster-total">
            {count !== null ? t('roster.total', { n: formatCount(count) }) : status === 'ready' ? t('roster.counting') : ''}
          </Typography.Text>
        </Space>
        <Space wrap>
          <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImportOpen(true)}>
            {t('roster.import.button')}
          </Button>
          <Dropdown
            trigger={['click']}
            disabled={exporting}
            menu={{
              items: [
                { key: 'csv', label: t('roster.export.csv') },
                { key: 'xlsx', label: t('roster.export.xlsx') },
              ],
              onClick: ({ key }) => void doExport(key as 'csv' | 'xlsx'),
            }}
          >
            <Button icon={<DownloadOutlined aria-hidden />} loading={exporting} title={count !== null ? t('roster.export.scope', { n: formatCount(count) }) : undefined}>
              {t('roster.export.button')}
            </Button>
          </Dropdown>
          <Button icon={<TagsOutlined aria-hidden />} onClick={() => setLabelsOpen(true)}>
            {t('roster.labels.manage')}
          </Button>
        </Space>
      </Flex>
      <AsOfBanner />
      <RosterToolbar />
      <BulkBar />
      <RosterTable />
      <MemberDrawer />
      <MemberSegmentEditor />
      <LabelsManager open={labelsOpen} onClose={() => setLabelsOpen(false)} />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </div>
  );
}
