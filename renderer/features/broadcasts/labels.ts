import type { BroadcastRowDto, TargetStatus } from '../../../shared/api/broadcasts';

/** antd preset colours: blue for what moves, warm for what waits on the operator, green for done. */
export const TARGET_STATUS_COLORS: Record<TargetStatus, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'success',
  failed: 'error',
  skipped: 'default',
  uncertain: 'warning',
  'manual-pending': 'gold',
  'manual-done': 'green',
  'awaiting-owner': 'gold',
  cancelled: 'default',
};

export const BROADCAST_STATUS_COLORS: Record<BroadcastRowDto['status'], string> = {
  scheduled: 'blue',
  sending: 'processing',
  done: 'success',
  cancelled: 'default',
};

/** From this many rows on, a table keeps only the rows on screen in the page; fewer are all there (find in page works). */
export const VIRTUAL_FROM = 100;
