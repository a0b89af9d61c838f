import type { Migration } from './index';
import { localDay, toRRule } from '../../calendar';
import { systemTimeZone } from '../../time-zone';

/**
 * Recurring broadcasts become calendar columns (one scheduler, not two): each schedule is an
 * auto-send column with its draft as the template, its rule as the slot pattern, its targeting
 * and paused state; its last broadcast becomes the column's entry for that slot, so history stays
 * linked. `done_until` is set just before the schedule's next occurrence, so the slot it was
 * waiting for is still made and none before it is. Names are made unique (columns need that).
 * Then the table goes.
 *
 * The zone is the one the calendar will read (its setting, else the machine's), as the schedules
 * were computed in the machine's zone.
 */
const COLORS = ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96', '#722ed1', '#13c2c2', '#faad14', '#f5222d'];

interface OldSchedule {
  id: number;
  name: string;
  draft: string;
  rule: string;
  next_at: number | null;
  paused: number;
  last_run_at: number | null;
  last_broadcast_id: number | null;
  created_at: number;
  updated_at: number;
}

type Rule = { every: 'day' | 'week' | 'month'; time: string; weekdays?: number[]; monthDay?: number };

function patternOf(r: Rule) {
  if (r.every === 'week') return { kind: 'some-weekdays' as const, time: r.time, weekdays: [...new Set(r.weekdays ?? [1])].sort((a, b) => a - b) };
  if (r.every === 'month') return { kind: 'month-day' as const, time: r.time, monthDay: (r.monthDay ?? 1) === 31 ? -1 : (r.monthDay ?? 1) };
  return { kind: 'daily' as const, time: r.time };
}

export const m0014: Migration = {
  version: 14,
  name: 'schedules-to-columns',
  up(db) {
    const setting = db.prepare("SELECT value FROM meta WHERE key = 'calendar_settings'").pluck().get() as string | undefined;
    const zone = (setting ? (JSON.parse(setting) as { timeZone?: string }).timeZone : undefined) ?? systemTimeZone();
    const taken = new Set((db.prepare('SELECT name FROM calendar_columns').pluck().all() as string[]));
    const freeName = (name: string) => {
      let n = name;
      for (let i = 2; taken.has(n); i++) n = `${name.slice(0, 36)} ${i}`;
      taken.add(n);
      return n;
    };
    const insertColumn = db.prepare(
      `INSERT INTO calendar_columns (name, color, targeting, pattern, rrule, start_day, format, title, body, owner, auto_send, paused, done_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, ?, ?, ?)`,
    );
    const insertEntry = db.prepare(
      `INSERT INTO calendar_entries (column_id, column_name, color, at, status, format, title, body, broadcast_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'approved', ?, ?, ?, ?, ?, ?)`,
    );
    const broadcastAt = db.prepare('SELECT scheduled_at FROM broadcasts WHERE id = ?').pluck();
    const rows = db.prepare('SELECT * FROM broadcast_schedules ORDER BY id').all() as OldSchedule[];
    rows.forEach((s, i) => {
      const draft = JSON.parse(s.draft) as { format?: 'text' | 'markdown'; title?: string; body: string; targeting: unknown };
      const pattern = patternOf(JSON.parse(s.rule) as Rule);
      const name = freeName(s.name.trim().slice(0, 40) || `#${s.id}`);
      const color = COLORS[i % COLORS.length]!;
      const format = draft.format === 'markdown' ? 'markdown' : 'text';
      const doneUntil = s.next_at !== null ? s.next_at - 1 : s.updated_at;
      const columnId = Number(
        insertColumn.run(name, color, JSON.stringify(draft.targeting), JSON.stringify(pattern), toRRule(pattern), localDay(s.created_at, zone), format, draft.title ?? '', draft.body, s.paused ? 1 : 0, doneUntil, s.created_at, s.updated_at).lastInsertRowid,
      );
      if (s.last_broadcast_id !== null) {
        const at = (broadcastAt.get(s.last_broadcast_id) as number | undefined) ?? s.last_run_at ?? s.updated_at;
        insertEntry.run(columnId, name, color, at, format, draft.title ?? '', draft.body, s.last_broadcast_id, s.last_run_at ?? s.updated_at, s.last_run_at ?? s.updated_at);
      }
    });
    db.exec('DROP TABLE broadcast_schedules');
  },
};
