/**
 * The calendar's month view at size: three daily columns over every group of the bench workspace
 * (2,000 by default: 186,000 group-slots in a 31-day month), a main entry in most slots and some
 * groups' own versions, timed through calendar.month's service. Baseline, in the same run: the
 * design we did not build — every group-slot materialized as a row and the month counted with one
 * GROUP BY over them (the rows' creation not counted).
 */
import type { Db } from '../../electron/core/db/open';
import { monthView, saveColumn, saveEntry, setCalendarSettings } from '../../electron/core/calendar/calendar.service';
import { ColumnInput, EntryInput } from '../../shared/api/calendar';

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  ratio: number;
  target?: string;
}

export function calendarMonthBench(db: Db, now: number, timeMs: (fn: () => unknown, runs?: number) => number): BenchRow[] {
  const d = { db, locale: 'zh-CN' as const, now: () => now };
  setCalendarSettings(d, { timeZone: 'Asia/Shanghai', scoreHours: 6 });
  const groupIds = (db.prepare('SELECT id FROM groups ORDER BY id').pluck().all() as number[]);
  const times = ['08:30', '14:00', '20:00'];
  const columns = times.map((time, i) => saveColumn(d, ColumnInput.parse({ name: `bench-${i}`, color: '#1677ff', target: { groupIds }, pattern: { kind: 'daily', time }, startDay: '2026-11-01' })));
  const from = '2026-12-01';
  const to = '2026-12-31';
  db.transaction(() => {
    for (let day = 1; day <= 31; day++) {
      columns.forEach((c, i) => {
        if ((day + i) % 4 === 0) return; // a gap in a quarter of the slots
        const at = new Date(Date.parse(`2026-12-${String(day).padStart(2, '0')}T${times[i]}:00+08:00`)).toISOString();
        saveEntry(d, EntryInput.parse({ columnId: c.id, at, body: '早上好' }));
        if (day % 7 === 0) for (const g of groupIds.slice(0, 20)) saveEntry(d, EntryInput.parse({ columnId: c.id, at, target: { groupIds: [g] }, body: '专属' }));
      });
    }
  })();
  const view = () => monthView(d, { from, to, filter: {} });
  const slots = view().days.reduce((s, x) => s + x.slots, 0);
  const ms = timeMs(view, 9);

  // The materialized alternative: one row per group-slot, filled or not.
  db.exec('CREATE TEMP TABLE bench_slots (day TEXT NOT NULL, column_id INTEGER NOT NULL, group_id INTEGER NOT NULL, filled INTEGER NOT NULL)');
  const ins = db.prepare('INSERT INTO bench_slots VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let day = 1; day <= 31; day++) for (const [i, c] of columns.entries()) for (const g of groupIds) ins.run(`2026-12-${String(day).padStart(2, '0')}`, c.id, g, (day + i) % 4 === 0 ? 0 : 1);
  })();
  const grouped = db.prepare('SELECT day, column_id, count(*) AS slots, sum(filled) AS filled FROM bench_slots GROUP BY day, column_id');
  const base = timeMs(() => grouped.all(), 9);
  const baseSlots = (db.prepare('SELECT count(*) FROM bench_slots').pluck().get() as number);
  db.exec('DROP TABLE bench_slots');
  if (baseSlots !== slots) throw new Error(`bench: month view counted ${slots} group-slots, the materialized table holds ${baseSlots}`);
  return [{ metric: `calendar month view (${groupIds.length.toLocaleString('en-US')} groups × 3 columns × 31 days = ${slots.toLocaleString('en-US')} group-slots)`, value: ms, unit: 'ms', baseline: 'GROUP BY over the group-slots materialized as rows', baselineValue: base, ratio: ms / base, target: '≤ 50 ms' }];
}
