import { useMemo } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MessageDto } from '../../../shared/domain/message';
import { copyText } from '../../lib/clipboard';
import { errorText } from '../../lib/errors';
import { useInboxDetailStore } from '../../store/inbox/detail.store';
import { useInboxStore } from '../../store/inbox/inbox.store';
import { useCasePickStore } from '../../store/cases/pick.store';

/** What a message (or a selection) can have done to it, with the toasts and errors the user sees. */
export function useMessageActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();

  return useMemo(() => {
    const store = () => useInboxStore.getState();
    const fail = (e: unknown) => void message.error(errorText(e));

    return {
      async setRead(list: readonly MessageDto[], read: boolean, quiet = false) {
        if (list.length === 0) return;
        try {
          await store().mark(
            list.map((m) => m.id),
            read,
          );
          if (!quiet) void message.success(t(read ? 'inbox.action.markedRead' : 'inbox.action.markedUnread', { count: list.length }));
        } catch (e) {
          fail(e);
        }
      },
      /** e: read when any is unread, unread when all are read. */
      async toggleRead(list: readonly MessageDto[]) {
        if (list.length === 0) return;
        const read = list.some((m) => m.unread);
        try {
          await store().mark(
            list.map((m) => m.id),
            read,
          );
        } catch (e) {
          fail(e);
        }
      },
      async setStarred(list: readonly MessageDto[], starred: boolean) {
        if (list.length === 0) return;
        try {
          await store().flag(
            list.map((m) => m.id),
            { starred },
          );
        } catch (e) {
          fail(e);
        }
      },
      async setSpam(list: readonly MessageDto[], spam: boolean) {
        if (list.length === 0) return;
        try {
          await store().flag(
            list.map((m) => m.id),
            { spam },
          );
          void message.success(t(spam ? 'inbox.action.flaggedSpam' : 'inbox.action.unflaggedSpam'));
        } catch (e) {
          fail(e);
        }
      },
      async copy(list: readonly MessageDto[]) {
        if (list.length === 0) return;
        // Several messages: one per line with who and when, as they would be quoted.
        const text = list.length === 1 ? list[0]!.text : list.map((m) => `${m.sender?.name ?? ''}（${m.groupName}）：${m.text}`).join('\n');
        try {
          await copyText(text);
          void message.success(t('inbox.action.copied'));
        } catch {
          void message.error(t('inbox.action.copyFailed'));
        }
      },
      open(m: MessageDto) {
        store().setCursor(m.id);
        void useInboxDetailStore.getState().open(m.id);
      },
      reply(m: MessageDto) {
        store().openReply(m);
      },
      /** 加入案例: a new case from these messages, or added to one (the dialog asks). */
      addToCase(list: readonly MessageDto[]) {
        if (list.length === 0) return;
        useCasePickStore.getState().open({ messageIds: list.map((m) => m.id) });
      },
      /** 整段对话建案例: the message, the chain it answers and its direct replies. */
      caseFromThread(m: MessageDto) {
        useCasePickStore.getState().open({ threadOf: m.id });
      },
    };
  }, [message, t]);
}

export type MessageActions = ReturnType<typeof useMessageActions>;
