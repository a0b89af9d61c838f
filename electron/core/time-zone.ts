/**
 * IANA time-zone primitives, one formatter per zone (Intl formatters are costly to make and the
 * importers and the calendar ask for the same few zones millions of times).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws RangeError for a zone Intl does not know: callers check zones with isTimeZone.
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The wall-clock time an instant shows in the zone, as a UTC-based number (whole seconds). */
export function wallOf(instant: number, zone: string): number {
  const parts = formatter(zone).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

/** The zone's offset from UTC at instant `ms`, in milliseconds. */
export function zoneOffset(ms: number, zone: string): number {
  return wallOf(ms, zone) - Math.floor(ms / 1000) * 1000;
}
