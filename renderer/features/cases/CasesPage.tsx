import { useEffect, useState } from 'react';
import { App, Button, Flex, Switch, Tooltip, Typography } from 'antd';
import { BookOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { useCaseEditorStore } from '../../store/cases/editor.store';
import { useCaseListStore } from '../../store/cases/list.store';
import { BookModal } from './BookModal';
import { CaseEditor } from './CaseEditor';
import { CaseFiltersBar } from './CaseFiltersBar';
import { CaseList } from './CaseList';
import './cases.css';

/** 案例: the archive of curated discussions; a case opens in the editor; several make an archive book. */
export function CasesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const load = useCaseListStore((s) => s.load);
  const loadTags = useCaseListStore((s) => s.loadTags);
  const loadGroups = useCaseListStore((s) => s.loadGroups);
  const loadSettings = useCaseListStore((s) => s.loadSettings);
  const watch = useCaseListStore((s) => s.watch);
  const requireConsent = useCaseListStore((s) => s.requireConsent);
  const setRequireConsent = useCaseListStore((s) => s.setRequireConsent);
  const total = useCaseListStore((s) => s.items.length);
  const more = useCaseListStore((s) => s.next !== null);
  const checked = useCaseListStore((s) => s.checked.size);
  const setChecked = useCaseListStore((s) => s.setChecked);
  const version = useCaseEditorStore((s) => s.version);
  const closeEditor = useCaseEditorStore((s) => s.close);
  const [book, setBook] = useState(false);
  const [switching, setSwitching] = useState(false);

  useEffect(() => {
    void load();
    void loadTags();
    void loadGroups();
    void loadSettings();
    const off = watch();
    return () => {
      off();
      closeEditor();
    };
  }, [load, loadTags, loadGroups, loadSettings, watch, closeEditor]);

  // Edits in the editor show in the list (title, tags, consent) without a visible reload.
  useEffect(() => {
    if (version === 0) return;
    void load({ quiet: true });
    void loadTags();
  }, [version, load, loadTags]);

  const toggleConsent = async (on: boolean) => {
    setSwitching(true);
    try {
      await setRequireConsent(on);
    } catch (e) {
      void message.error(`${t('cases.settingFailed')}：${errorText(e)}`);
    } finally {
      setSwitching(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Flex align="baseline" gap={12}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('cases.title')}
          </Typography.Title>
          {total > 0 && (
            <Typography.Text type="secondary" data-testid="cases-total">
              {t('cases.list.total', { count: total })}
              {more ? ` · ${t('cases.list.more')}` : ''}
            </Typography.Text>
          )}
        </Flex>
        <Flex align="center" gap={16} wrap>
          <Tooltip title={t('cases.requireConsentHint')}>
            <label className="qz-case-setting">
              <Switch size="small" checked={requireConsent} loading={switching} onChange={(on) => void toggleConsent(on)} aria-label={t('cases.requireConsent')} />
              <span>{t('cases.requireConsent')}</span>
            </label>
          </Tooltip>
          {checked > 0 && (
            <Button type="link" size="small" onClick={() => setChecked([])}>
              {t('cases.list.checked', { count: checked })} · {t('cases.list.uncheck')}
            </Button>
          )}
          <Button icon={<BookOutlined aria-hidden />} onClick={() => setBook(true)} disabled={total === 0}>
            {t('cases.book')}
          </Button>
        </Flex>
      </Flex>
      <CaseFiltersBar />
      <CaseList />
      <CaseEditor />
      {book && <BookModal open={book} onClose={() => setBook(false)} />}
    </Flex>
  );
}
