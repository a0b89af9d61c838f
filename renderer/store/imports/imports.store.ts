import { create } from 'zustand';
import type { ColumnMapDto, ImportBatchDto, ImportResultDto, InspectResultDto, PreviewChatDto } from '../../../shared/api/imports';
import type { ImportProgressEvent, Unsubscribe } from '../../../shared/events';
import { getApi } from '../../lib/api/client';

export type ImportStage = 'idle' | 'uploading' | 'mapping' | 'previewing' | 'preview' | 'importing' | 'finished';
/** Per chat: a new group, an existing group's id, or skip. */
export type ChatChoice = 'new' | 'skip' | number;

interface Progress {
  messages: number;
  bytesRead: number;
  totalBytes: number;
  startedAt: number;
  now: number;
  /** Another import into this workspace runs first: this one starts when it ends. */
  waiting?: boolean;
}

interface ImportsState {
  stage: ImportStage;
  fileName: string | null;
  path: string | null;
  jobId: string | null;
  progress: Progress | null;
  preview: ImportResultDto | null;
  choices: Record<string, ChatChoice>;
  result: ImportResultDto | null;
  error: string | null;
  history: ImportBatchDto[];
  /** Generic tables: the header, sample rows and the column mapping being edited. */
  table: InspectResultDto['table'] | null;
  columnMap: Partial<ColumnMapDto>;
  pickFile(file: File): Promise<void>;
  /** The desktop app's file picker (app.info.filePicker): the file is read where it is. */
  pickWithDialog(): Promise<void>;
  choose(chatKey: string, choice: ChatChoice): void;
  setColumn(field: keyof ColumnMapDto, header: string | undefined): void;
  confirmColumns(): Promise<void>;
  startImport(): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
  loadHistory(): Promise<void>;
  /**
   * A page opened (or reloaded) while a job runs takes it up: its progress, its cancel and its end,
   * as if it had started it. Then the history, which no longer shows a job that ended meanwhile as running.
   */
  attach(): Promise<void>;
  undo(batchId: number): Promise<void>;
}

/** Pure: the default target of a previewed chat (its existing group, a new one, or skip for private chats). */
export function defaultChoice(c: PreviewChatDto): ChatChoice {
  if (c.existingGroupId !== null) return c.existingGroupId;
  return c.kind === 'private' ? 'skip' : 'new';
}

/** Pure: a mapping the importer can use (time, sender name and text are required). */
export function completeColumnMap(m: Partial<ColumnMapDto>): ColumnMapDto | null {
  if (!m.time || !m.senderName || !m.text) return null;
  const out: ColumnMapDto = { time: m.time, senderName: m.senderName, text: m.text };
  if (m.group) out.group = m.group;
  if (m.senderId) out.senderId = m.senderId;
  return out;
}

function definedOnly(m: Partial<Record<keyof ColumnMapDto, string | undefined>>): Partial<ColumnMapDto> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v === 'string' && v)) as Partial<ColumnMapDto>;
}

/** Pure: messages per second since the job started. */
export function speed(p: Progress | null): number {
  if (!p) return 0;
  const s = (p.now - p.startedAt) / 1000;
  return s > 0 ? p.messages / s : 0;
}

export function percent(p: Progress | null): number | null {
  if (!p || p.totalBytes <= 0) return null;
  return Math.min(100, Math.round((p.bytesRead / p.totalBytes) * 100));
}

export const useImportsStore = create<ImportsState>((set, get) => {
  /** From a file to its preview (or to naming its columns): `locate` uploads it, or already knows its path. */
  const openFile = async (fileName: string, locate: () => Promise<string>) => {
    set({ stage: 'uploading', fileName, path: null, preview: null, result: null, error: null, choices: {}, table: null, columnMap: {} });
    try {
      const path = await locate();
      set({ path });
      const inspected = await getApi().call('imports.inspect', { path });
      // A generic table needs its columns named before anything can be read.
      if (inspected.table) return set({ stage: 'mapping', table: inspected.table, columnMap: definedOnly(inspected.table.map) });
      await startJob('preview');
    } catch (e) {
      set({ stage: 'idle', error: (e as Error).message });
    }
  };

  const startJob = async (mode: 'preview' | 'import') => {
    const { path, choices, preview, table, columnMap } = get();
    if (!path) return;
    const columns = table ? completeColumnMap(columnMap) : null;
    const mapping: Record<string, { groupId: number } | 'skip'> = {};
    if (mode === 'import' && preview?.chats) {
      for (const c of preview.chats) {
        const choice = choices[c.key] ?? defaultChoice(c);
        if (choice === 'skip') mapping[c.key] = 'skip';
        else if (typeof choice === 'number') mapping[c.key] = { groupId: choice };
      }
    }
    set({ stage: mode === 'preview' ? 'previewing' : 'importing', jobId: null, progress: { messages: 0, bytesRead: 0, totalBytes: 0, startedAt: Date.now(), now: Date.now() }, error: null });
    // Listening starts before the job does: its first events may come before its id does.
    listen();
    let jobId: string;
    try {
      ({ jobId } = await getApi().call('imports.start', { path, mode, ...(preview?.format ? { format: preview.format as never } : {}), ...(mode === 'import' ? { mapping } : {}), ...(columns ? { columnMap: columns } : {}) }));
    } catch (e) {
      stopListening();
      throw e;
    }
    set({ jobId });
    // A quick job can finish before the answer to imports.start arrives: replay what came early.
    const early = unclaimed.get(jobId);
    unclaimed.clear();
    if (early) onProgress(early);
  };

  // Events of jobs whose id we do not know yet (see startJob and attach).
  const unclaimed = new Map<string, ImportProgressEvent>();
  let attaching = false;
  // The store hears 'import.progress' while one of its jobs runs, not while the page is shown: the
  // operator may leave the page mid-import, and the job's end must still land (the history reloads,
  // the stage moves on). Between jobs nothing listens.
  let off: Unsubscribe | null = null;
  const listen = () => {
    off ??= getApi().on('import.progress', onProgress);
  };
  const stopListening = () => {
    off?.();
    off = null;
    unclaimed.clear();
  };
  const onProgress = (e: ImportProgressEvent) => {
    if (e.jobId !== get().jobId) {
      const waiting = get().jobId === null && (attaching || get().stage === 'previewing' || get().stage === 'importing');
      if (waiting && unclaimed.get(e.jobId)?.phase !== 'finished') unclaimed.set(e.jobId, e);
      return;
    }
    const prev = get().progress;
    const progress = { messages: e.messages, bytesRead: e.bytesRead, totalBytes: e.totalBytes, startedAt: prev?.startedAt ?? Date.now(), now: Date.now() };
    // The speed counts from when the import could start, not from while it waited.
    if (e.phase === 'waiting') return set({ progress: { ...progress, waiting: true } });
    if (e.phase === 'running') return set({ progress: prev?.waiting ? { ...progress, startedAt: Date.now() } : progress });
    stopListening();
    const r = e.result!;
    if (get().stage === 'previewing') {
      if (r.status !== 'done') return set({ stage: get().table ? 'mapping' : 'idle', progress, error: r.error?.message ?? null, jobId: null });
      const choices: Record<string, ChatChoice> = {};
      for (const c of r.chats ?? []) choices[c.key] = defaultChoice(c);
      return set({ stage: 'preview', preview: r, choices, progress, jobId: null });
    }
    set({ stage: 'finished', result: r, progress, jobId: null, error: r.status === 'failed' ? (r.error?.message ?? null) : null });
    void get().loadHistory();
  };

  return {
    stage: 'idle',
    fileName: null,
    path: null,
    jobId: null,
    progress: null,
    preview: null,
    choices: {},
    result: null,
    error: null,
    history: [],
    table: null,
    columnMap: {},

    async pickFile(file) {
      await openFile(file.name, () => getApi().upload(file, file.name));
    },

    async pickWithDialog() {
      // The app's own picker opens in the last import folder and gives the file's real path, so a
      // gigabyte export is read where it is rather than copied in first.
      const picked = await getApi()
        .call('imports.pickFile', {})
        .catch((e: Error) => (set({ error: e.message }), { path: null }));
      if (!picked.path) return;
      const path = picked.path;
      await openFile(path.split(/[\\/]/).pop() ?? path, async () => path);
    },

    choose(chatKey, choice) {
      set({ choices: { ...get().choices, [chatKey]: choice } });
    },

    setColumn(field, header) {
      const next = { ...get().columnMap };
      if (header) next[field] = header;
      else delete next[field];
      set({ columnMap: next });
    },

    async confirmColumns() {
      try {
        await startJob('preview');
      } catch (e) {
        set({ stage: 'mapping', error: (e as Error).message });
      }
    },

    async startImport() {
      try {
        await startJob('import');
      } catch (e) {
        set({ stage: 'preview', error: (e as Error).message });
      }
    },

    async cancel() {
      const { jobId } = get();
      if (jobId) await getApi().call('imports.cancel', { jobId });
    },

    reset() {
      // Only offered while no job runs; a listener left over would hear jobs this store forgot.
      stopListening();
      set({ stage: 'idle', fileName: null, path: null, preview: null, result: null, error: null, progress: null, choices: {}, jobId: null, table: null, columnMap: {} });
    },

    async loadHistory() {
      set({ history: await getApi().call('imports.history', {}) });
    },

    async attach() {
      if (get().jobId !== null || get().stage === 'previewing' || get().stage === 'importing' || get().stage === 'uploading') return get().loadHistory();
      // Listening starts first, so an end that comes while we ask is not lost.
      attaching = true;
      listen();
      try {
        const [job] = await getApi().call('imports.running', {});
        if (job) {
          set({
            stage: job.mode === 'import' ? 'importing' : 'previewing',
            jobId: job.jobId,
            fileName: job.fileName,
            path: job.path,
            preview: null,
            result: null,
            error: null,
            progress: { messages: job.messages, bytesRead: job.bytesRead, totalBytes: job.totalBytes, startedAt: Date.now(), now: Date.now() },
          });
          const early = unclaimed.get(job.jobId);
          unclaimed.clear();
          if (early) onProgress(early);
        } else stopListening();
      } catch {
        stopListening();
      } finally {
        attaching = false;
      }
      await get().loadHistory();
    },

    async undo(batchId) {
      await getApi().call('imports.undo', { batchId });
      await get().loadHistory();
    },
  };
});
