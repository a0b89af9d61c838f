import { create } from 'zustand';
import type { PlanDto, ScheduleDto, TemplateDto, VariableDto } from '../../../shared/api/broadcasts';
import type { SegmentDto } from '../../../shared/domain/segment';
import { AppError } from '../../../shared/errors';
import { getApi } from '../../lib/api/client';
import { errorText } from '../../lib/errors';
import { draftRequest, EMPTY_DRAFT, needsSecondConfirmation, scheduleRequest, type ComposerDraft, type GroupChoice } from './composer-selectors';

export type Step = 'content' | 'targets' | 'plan' | 'confirm';
export const STEPS: readonly Step[] = ['content', 'targets', 'plan', 'confirm'];

interface ComposerState {
  open: boolean;
  step: Step;
  draft: ComposerDraft;
  /** The plan (the dry run) of the current draft; refreshed a moment after each change. */
  plan: PlanDto | null;
  planLoading: boolean;
  /** Why the plan could not be made, in the user's language. */
  planError: string | null;
  /** Dry run: the composer ends at the plan; nothing is stored or sent. */
  dryRun: boolean;
  groups: GroupChoice[];
  segments: SegmentDto[];
  /** What the text can use: built-ins and the custom group fields some group has. */
  variables: VariableDto[];
  templates: TemplateDto[];
  choicesError: string | null;
  creating: boolean;
  createError: string | null;
  /** Over the threshold: the count the operator must repeat before the broadcast is created. */
  confirmCount: number | null;
  /** A picked picture is being uploaded and checked. */
  imageBusy: boolean;

  start(): void;
  close(): void;
  goto(step: Step): void;
  edit(patch: Partial<ComposerDraft>): void;
  setDryRun(on: boolean): void;
  loadChoices(): Promise<void>;
  refreshPlan(): Promise<void>;
  /**
   * Creates the broadcast (or, for a recurring one, its schedule); `confirmTargets` repeats the
   * count when a second confirmation is needed. Null when nothing was created.
   */
  create(confirmTargets?: number): Promise<Created | null>;
  applyTemplate(key: string): void;
  /** Saves the draft's content as a template; throws the core's error (a taken name) for the form. */
  saveTemplate(name: string): Promise<TemplateDto>;
  cancelConfirm(): void;
  /**
   * Uploads a picked picture and has the core check and keep it (a real JPG/PNG of at most 2 MB);
   * the draft then carries it and the plan follows. Throws the core's error for the page to show.
   */
  addImage(file: File): Promise<void>;
  removeImage(): void;
}

export type Created = { broadcastId: number } | { schedule: ScheduleDto };

const PLAN_DEBOUNCE_MS = 300;
let planSeq = 0;
let planTimer: ReturnType<typeof setTimeout> | null = null;

export const useComposerStore = create<ComposerState>((set, get) => {
  const schedulePlan = () => {
    if (planTimer) clearTimeout(planTimer);
    planTimer = setTimeout(() => void get().refreshPlan(), PLAN_DEBOUNCE_MS);
  };
  return {
    open: false,
    step: 'content',
    draft: EMPTY_DRAFT,
    plan: null,
    planLoading: false,
    planError: null,
    dryRun: false,
    groups: [],
    segments: [],
    variables: [],
    templates: [],
    choicesError: null,
    creating: false,
    createError: null,
    confirmCount: null,
    imageBusy: false,

    start() {
      planSeq++;
      // A draft closed by mistake is still there when the composer opens again; a sent one is not.
      set({ open: true, step: 'content', planError: null, planLoading: false, dryRun: false, creating: false, createError: null, confirmCount: null });
      void get().loadChoices();
      if (get().plan) schedulePlan();
    },

    close() {
      planSeq++;
      if (planTimer) clearTimeout(planTimer);
      set({ open: false });
    },

    goto(step) {
      set({ step, createError: null });
      if (step !== 'content') schedulePlan();
    },

    edit(patch) {
      set((s) => ({ draft: { ...s.draft, ...patch } }));
      // The plan follows the draft once there is something to plan; typing waits for a pause.
      if (get().step !== 'content' || get().plan) schedulePlan();
    },

    setDryRun(on) {
      set({ dryRun: on });
    },

    async loadChoices() {
      try {
        const api = getApi();
        const [groups, segments, variables, templates] = await Promise.all([
          api.call('groups.list', { archived: 'active' }),
          api.call('segments.list', { target: 'groups' }),
          api.call('broadcasts.variables', {}),
          api.call('broadcasts.listTemplates', {}),
        ]);
        set({
          groups: groups.map((g) => ({ id: g.id, name: g.name, platform: g.platform, city: g.city, memberCount: g.memberCount })),
          segments,
          variables,
          templates,
          choicesError: null,
        });
      } catch (e) {
        set({ choicesError: errorText(e) });
      }
    },

    async refreshPlan() {
      const mine = ++planSeq;
      const d = get().draft;
      if (!d.body.trim()) {
        set({ plan: null, planLoading: false, planError: null });
        return;
      }
      set({ planLoading: true });
      try {
        const plan = await getApi().call('broadcasts.plan', draftRequest(d));
        if (mine === planSeq) set({ plan, planLoading: false, planError: null });
      } catch (e) {
        if (mine === planSeq) set({ plan: null, planLoading: false, planError: errorText(e) });
      }
    },

    async create(confirmTargets) {
      if (get().creating || get().dryRun) return null;
      const plan = get().plan;
      // Over the threshold the count is asked for before anything is sent (the second confirmation).
      if (confirmTargets === undefined && needsSecondConfirmation(plan)) {
        set({ confirmCount: plan!.targets.length, createError: null });
        return null;
      }
      set({ creating: true, createError: null });
      const confirm = confirmTargets !== undefined ? { confirmTargets } : {};
      const d = get().draft;
      try {
        const created: Created =
          d.scheduleMode === 'recurring'
            ? { schedule: await getApi().call('broadcasts.createSchedule', { ...scheduleRequest(d), ...confirm }) }
            : { broadcastId: (await getApi().call('broadcasts.create', { ...draftRequest(d), ...confirm })).id };
        set({ creating: false, open: false, confirmCount: null, draft: EMPTY_DRAFT, plan: null });
        return created;
      } catch (e) {
        // The targets changed since the plan (a segment grew): plan again and ask with the new count.
        if (e instanceof AppError && e.code === 'CONFIRM_NEEDED') {
          await get().refreshPlan();
          set({ creating: false, confirmCount: get().plan?.targets.length ?? null, createError: errorText(e) });
          return null;
        }
        set({ creating: false, createError: errorText(e) });
        return null;
      }
    },

    applyTemplate(key) {
      const tpl = get().templates.find((x) => x.key === key);
      if (!tpl) return;
      const d = get().draft;
      get().edit({ format: tpl.format, title: tpl.title, body: tpl.body, name: d.name.trim() ? d.name : tpl.name });
    },

    async saveTemplate(name) {
      const d = get().draft;
      const saved = await getApi().call('broadcasts.saveTemplate', { name, format: d.format, ...(d.format === 'markdown' && d.title.trim() ? { title: d.title.trim() } : {}), body: d.body });
      const templates = await getApi().call('broadcasts.listTemplates', {});
      set({ templates });
      return saved;
    },

    cancelConfirm() {
      set({ confirmCount: null });
    },

    async addImage(file) {
      set({ imageBusy: true });
      try {
        const api = getApi();
        const path = await api.upload(file, file.name || 'image');
        const image = await api.call('broadcasts.addImage', { path });
        // The thumbnail shows what the core stored, not the file the browser holds.
        const { dataUrl } = await api.call('broadcasts.image', { id: image.id });
        get().edit({ image: { ...image, dataUrl } });
      } finally {
        set({ imageBusy: false });
      }
    },

    removeImage() {
      get().edit({ image: null });
    },
  };
});
