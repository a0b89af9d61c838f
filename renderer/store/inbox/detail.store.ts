import { create } from 'zustand';
import type { Res } from '../../../shared/api';
import type { MessageDto, SenderCardDto } from '../../../shared/domain/message';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';

export type MessageContext = Res<'inbox.context'>;
type Patch = Partial<Pick<MessageDto, 'unread' | 'starred' | 'spam'>>;

interface DetailState {
  /** The opened message's id; null when the panel is closed. */
  openId: number | null;
  context: MessageContext | null;
  loading: boolean;
  error: string | null;
  sender: SenderCardDto | null;
  senderLoading: boolean;
  senderError: string | null;
  open(id: number): Promise<void>;
  close(): void;
  /** The inbox changed these messages' state: keep the panel's copies in step. */
  patch(ids: ReadonlySet<number>, patch: Patch): void;
}

// Opening another message while one is loading: only the newest may write.
let seq = 0;
const AROUND = 15;

function patchList(list: MessageDto[], ids: ReadonlySet<number>, patch: Patch): MessageDto[] {
  return list.some((m) => ids.has(m.id)) ? list.map((m) => (ids.has(m.id) ? { ...m, ...patch } : m)) : list;
}

/** The context panel: a message in its group's timeline, its reply chain, its replies, and its sender's card. */
export const useInboxDetailStore = create<DetailState>((set, get) => ({
  openId: null,
  context: null,
  loading: false,
  error: null,
  sender: null,
  senderLoading: false,
  senderError: null,

  async open(id) {
    const mine = ++seq;
    const keepSender = get().context?.message.sender?.id;
    set({ openId: id, loading: true, error: null });
    let context: MessageContext;
    try {
      context = await getApi().call('inbox.context', { id, around: AROUND });
    } catch (e) {
      if (mine === seq) set({ loading: false, error: errorText(e), context: null, sender: null });
      return;
    }
    if (mine !== seq) return;
    const memberId = context.message.sender?.id ?? null;
    // The same sender as the message before: the card on screen is still right.
    const sameSender = memberId !== null && memberId === keepSender && get().sender?.id === memberId;
    set({ context, loading: false, ...(sameSender ? {} : { sender: null, senderError: null }) });
    if (memberId === null || sameSender) return;
    set({ senderLoading: true });
    try {
      const sender = await getApi().call('inbox.sender', { memberId });
      if (mine === seq) set({ sender, senderLoading: false });
    } catch (e) {
      if (mine === seq) set({ senderLoading: false, senderError: errorText(e) });
    }
  },

  close() {
    seq++;
    set({ openId: null, context: null, loading: false, error: null, sender: null, senderLoading: false, senderError: null });
  },

  patch(ids, patch) {
    const c = get().context;
    if (!c) return;
    set({
      context: {
        message: ids.has(c.message.id) ? { ...c.message, ...patch } : c.message,
        before: patchList(c.before, ids, patch),
        after: patchList(c.after, ids, patch),
        chain: patchList(c.chain, ids, patch),
        replies: patchList(c.replies, ids, patch),
      },
    });
  },
}));
