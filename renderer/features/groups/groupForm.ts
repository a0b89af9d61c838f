import type { GroupType, LifecycleStage, Platform } from '../../../shared/domain/enums';
import type { GroupDto, GroupInput } from '../../../shared/domain/group';

/** One custom field row in the form (antd Form.List): the group's own key and its value. */
export interface CustomFieldRow {
  key: string;
  value: string;
}

/** The form's own shape: selects start empty (so the user must choose), capacity may be cleared. */
export interface GroupFormValues {
  platform?: Platform;
  name: string;
  externalId: string;
  positioning: string;
  audience: string;
  groupType?: GroupType;
  city: string;
  owner: string;
  capacity: number | null;
  rules: string;
  welcomeText: string;
  lifecycleStage: LifecycleStage;
  customFields: CustomFieldRow[];
}

export const GROUP_FORM_FIELDS = [
  'platform',
  'name',
  'externalId',
  'positioning',
  'audience',
  'groupType',
  'city',
  'owner',
  'capacity',
  'rules',
  'welcomeText',
  'lifecycleStage',
  'customFields',
] as const satisfies readonly (keyof GroupFormValues & keyof GroupInput)[];

/** Must match the zod schema in shared/domain/group.ts (which trims before it counts). */
export const MAX_LENGTH = {
  name: 100,
  externalId: 200,
  positioning: 2000,
  audience: 2000,
  city: 50,
  owner: 100,
  rules: 10000,
  welcomeText: 10000,
  customFieldValue: 200,
} as const;

export const CAPACITY = { min: 1, max: 100000 } as const;

export const EMPTY_GROUP_FORM: GroupFormValues = {
  name: '',
  externalId: '',
  positioning: '',
  audience: '',
  city: '',
  owner: '',
  capacity: null,
  rules: '',
  welcomeText: '',
  lifecycleStage: 'planning',
  customFields: [],
};

export function toFormValues(g: GroupDto): GroupFormValues {
  return {
    platform: g.platform,
    name: g.name,
    externalId: g.externalId ?? '',
    positioning: g.positioning,
    audience: g.audience,
    groupType: g.groupType,
    city: g.city,
    owner: g.owner,
    capacity: g.capacity,
    rules: g.rules,
    welcomeText: g.welcomeText,
    lifecycleStage: g.lifecycleStage,
    customFields: Object.entries(g.customFields).map(([key, value]) => ({ key, value })),
  };
}

/**
 * The request body. Required selects are checked by the form's rules before this runs; an
 * empty external id means "none" (the core keeps external ids unique per platform).
 */
export function toGroupInput(v: GroupFormValues): GroupInput {
  if (!v.platform || !v.groupType) throw new Error('platform and groupType are required');
  const input: GroupInput = {
    platform: v.platform,
    name: v.name.trim(),
    positioning: v.positioning,
    audience: v.audience,
    groupType: v.groupType,
    city: v.city,
    owner: v.owner,
    capacity: v.capacity ?? null,
    rules: v.rules,
    welcomeText: v.welcomeText,
    lifecycleStage: v.lifecycleStage,
    // Rows without a key are left out; the core drops keys without a value.
    customFields: Object.fromEntries(v.customFields.map((r) => [r.key.trim(), r.value.trim()] as const).filter(([k]) => k !== '')),
  };
  const externalId = v.externalId.trim();
  if (externalId) input.externalId = externalId;
  return input;
}
