import type { AutoTag } from '../../../shared/domain/roster';

/** One colour per auto tag, kept apart from each other: KOL stands out, silence is grey. */
export const TAG_COLORS: Record<AutoTag, string> = {
  kol: 'magenta',
  active: 'green',
  new: 'blue',
  'at-risk': 'volcano',
  silent: 'default',
};
