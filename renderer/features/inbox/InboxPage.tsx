import { useEffect, useRef, type RefObject } from 'react';
import { Tabs, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../i18n';
import { useInboxDetailStore } from '../../store/inbox/detail.store';
import { useInboxStore, type InboxTab } from '../../store/inbox/inbox.store';
import { selectedInOrder } from '../../store/inbox/selectors';
import { ContextDrawer } from './ContextDrawer';
import { GroupSidebar } from './GroupSidebar';
import { InboxToolbar } from './InboxToolbar';
import { MessageList } from './MessageList';
import { ReplyModal } from './ReplyModal';
import { AddToCaseModal } from '../cases/AddToCaseModal';
import { useCasePickStore } from '../../store/cases/pick.store';
import { StatusBar } from './StatusBar';
import { UnansweredList } from './UnansweredList';
import { useMessageActions, type MessageActions } from './useMessageActions';
import './inbox.css';

/** Where typing goes to a field, not to the inbox's single-key shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest('input, textarea, select, [contenteditable="true"], [role="combobox"]');
}

/**
 * j/k move, o/Enter open, e read/unread, s star, x select, r reply, / search, Esc close.
 * While the context panel is open, j/k open the next message in it.
 */
function useInboxKeys(searchRef: RefObject<InputRef | null>, actions: MessageActions) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const inbox = useInboxStore.getState();
      const detail = useInboxDetailStore.getState();
      if (e.key === 'Escape') {
        if (inbox.replyTo || useCasePickStore.getState().pick) return; // the dialog closes itself
        if (detail.openId !== null) {
          detail.close();
          e.preventDefault();
        } else if (inbox.selected.size > 0) inbox.clearSelection();
        return;
      }
      // Typing in a field, or a dialog (reply, confirmation) has the keyboard.
      if (isTyping(e.target) || inbox.replyTo || useCasePickStore.getState().pick || (e.target instanceof HTMLElement && e.target.closest('.ant-modal'))) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (inbox.tab !== 'all') return;
      const current = inbox.items.find((m) => m.id === inbox.cursorId) ?? null;
      const targets = () => {
        const sel = selectedInOrder(inbox.items, inbox.selected);
        return sel.length > 0 ? sel : current ? [current] : [];
      };
      switch (e.key) {
        case 'j':
        case 'k': {
          const id = inbox.moveCursor(e.key === 'j' ? 1 : -1);
          if (id !== null && detail.openId !== null) void detail.open(id);
          break;
        }
        case 'o':
        case 'Enter':
          // Enter on a focused button or link is that control's own click.
          if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a, [role="button"], [role="menuitem"], [role="tab"]')) return;
          if (current) actions.open(current);
          break;
        case 'e':
          void actions.toggleRead(targets());
          break;
        case 's': {
          const list = targets();
          void actions.setStarred(list, !list.every((m) => m.starred));
          break;
        }
        case 'x':
          if (current) inbox.toggleSelect(current.id);
          break;
        case 'r':
          if (current) actions.reply(current);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [searchRef, actions]);
}

/** The unified inbox: every group's messages newest first, search, filters, context and the unanswered radar. */
export function InboxPage() {
  const { t } = useTranslation();
  const tab = useInboxStore((s) => s.tab);
  const setTab = useInboxStore((s) => s.setTab);
  const mount = useInboxStore((s) => s.mount);
  const unmount = useInboxStore((s) => s.unmount);
  const unansweredCount = useInboxStore((s) => (s.unanswered.loaded ? s.unanswered.items.length : null));
  const searchRef = useRef<InputRef>(null);
  const actions = useMessageActions();

  useEffect(() => {
    mount();
    return () => {
      unmount();
      useInboxDetailStore.getState().close();
      useInboxStore.getState().closeReply();
      useCasePickStore.getState().close();
    };
  }, [mount, unmount]);
  useInboxKeys(searchRef, actions);

  return (
    <div className="qz-inbox">
      <GroupSidebar />
      <section className="qz-main" aria-label={t('inbox.title')}>
        <div className="qz-main-head">
          <Tabs
            activeKey={tab}
            onChange={(k) => setTab(k as InboxTab)}
            aria-label={t('inbox.tabsLabel')}
            items={[
              { key: 'all', label: t('inbox.tabAll') },
              { key: 'unanswered', label: unansweredCount ? `${t('inbox.tabUnanswered')} (${formatCount(unansweredCount)})` : t('inbox.tabUnanswered') },
            ]}
          />
        </div>
        {tab === 'all' ? (
          <>
            <InboxToolbar searchRef={searchRef} />
            <StatusBar actions={actions} />
            <MessageList actions={actions} />
          </>
        ) : (
          <UnansweredList actions={actions} />
        )}
      </section>
      <ContextDrawer actions={actions} />
      <ReplyModal />
      <AddToCaseModal onDone={() => useInboxStore.getState().clearSelection()} />
    </div>
  );
}
