import { create } from 'zustand';
import type { CaseDto, CaseExportFormat, CaseExportResult, ConsentState, Req } from '../../../shared/api';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { moveBy, moveTo } from './selectors';

type Edit = Omit<Req<'cases.editMessage'>, 'id' | 'messageId'>;
type Update = Omit<Req<'cases.update'>, 'id'>;

interface CaseEditorState {
  /** The open case's id; null when the editor is closed. */
  openId: number | null;
  case: CaseDto | null;
  loading: boolean;
  error: string | null;
  /** A change is on its way to the core. */
  saving: boolean;
  /** Bumped after every change that reached the core: the archive list refreshes on it. */
  version: number;

  open(id: number): Promise<void>;
  close(): void;
  update(patch: Update): Promise<void>;
  /** Up (-1) or down (+1) one place. */
  move(messageId: number, delta: -1 | 1): Promise<void>;
  /** Drag and drop: the message at `from` goes to `to`. */
  moveIndex(from: number, to: number): Promise<void>;
  editMessage(messageId: number, edit: Edit): Promise<void>;
  removeMessage(messageId: number): Promise<void>;
  setRedaction(findingId: string, applied: boolean): Promise<void>;
  setParticipant(memberId: number, patch: { role?: 'owner' | 'kol' | 'member'; label?: string | null }): Promise<void>;
  setConsent(memberId: number, consent: ConsentState, opts?: { at?: string | null; note?: string }): Promise<void>;
  export(format: CaseExportFormat): Promise<CaseExportResult>;
}

// Opening another case while one loads: only the newest may write.
let seq = 0;
// Changes go to the core one after another, in the order they were made, so a quick
// up-up-down never lands out of order; each answer is the whole case as it now is.
let queue: Promise<unknown> = Promise.resolve();

/** The case editor: one case at a time; every change returns the case as the core now has it. */
export const useCaseEditorStore = create<CaseEditorState>((set, get) => {
  /**
   * `run` is called when the change's turn comes, with the case as it is then (so a second
   * 上移 right after the first moves from where the first left the message).
   */
  const change = (run: (id: number, c: CaseDto) => Promise<CaseDto> | null): Promise<void> => {
    const id = get().openId;
    if (id === null) return Promise.resolve();
    const mine = seq;
    const job = queue.then(async () => {
      const c = get().case;
      if (mine !== seq || !c) return;
      const call = run(id, c);
      if (!call) return;
      set({ saving: true });
      try {
        const next = await call;
        if (mine === seq) set({ case: next, error: null, version: get().version + 1 });
      } finally {
        if (mine === seq) set({ saving: false });
      }
    });
    // A failed change does not stop the ones queued after it; its caller sees the error.
    queue = job.catch(() => undefined);
    return job;
  };
  const idsOf = (c: CaseDto) => c.messages.map((m) => m.messageId);

  return {
    openId: null,
    case: null,
    loading: false,
    error: null,
    saving: false,
    version: 0,

    async open(id) {
      const mine = ++seq;
      set({ openId: id, loading: true, error: null, case: get().case?.id === id ? get().case : null });
      try {
        const c = await getApi().call('cases.get', { id });
        if (mine === seq) set({ case: c, loading: false });
      } catch (e) {
        if (mine === seq) set({ loading: false, error: errorText(e) });
      }
    },

    close() {
      seq++;
      set({ openId: null, case: null, loading: false, error: null, saving: false });
    },

    update(patch) {
      return change((id) => getApi().call('cases.update', { id, ...patch }));
    },

    move(messageId, delta) {
      return change((id, c) => {
        const order = moveBy(idsOf(c), messageId, delta);
        return order && getApi().call('cases.reorderMessages', { id, messageIds: order });
      });
    },

    moveIndex(from, to) {
      return change((id, c) => {
        const before = idsOf(c);
        const order = moveTo(before, from, to);
        return order.every((m, i) => m === before[i]) ? null : getApi().call('cases.reorderMessages', { id, messageIds: order });
      });
    },

    editMessage(messageId, edit) {
      return change((id) => getApi().call('cases.editMessage', { id, messageId, ...edit }));
    },

    removeMessage(messageId) {
      return change((id) => getApi().call('cases.removeMessages', { id, messageIds: [messageId] }));
    },

    setRedaction(findingId, applied) {
      return change((id) => getApi().call('cases.setRedaction', { id, findingId, applied }));
    },

    setParticipant(memberId, patch) {
      return change((id) => getApi().call('cases.setParticipant', { id, memberId, ...patch }));
    },

    setConsent(memberId, consent, opts = {}) {
      return change((id) => getApi().call('cases.setConsent', { id, memberId, consent, ...opts }));
    },

    async export(format) {
      const id = get().openId;
      if (id === null) throw new Error('no case is open');
      const r = await getApi().call('cases.export', { id, format });
      await getApi().download(r.fileId, r.name);
      return r;
    },
  };
});

/** Makes a case from messages picked in the inbox (or a reply thread), or adds them to a case. */
export async function pickIntoCase(pick: { messageIds: number[] } | { threadOf: number }, target: { caseId: number } | { title?: string }): Promise<CaseDto> {
  if ('caseId' in target) return getApi().call('cases.addMessages', { id: target.caseId, ...pick });
  const title = target.title?.trim();
  return getApi().call('cases.create', { ...pick, ...(title ? { title } : {}) });
}
