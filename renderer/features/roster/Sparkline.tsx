import { useTranslation } from 'react-i18next';
import { sparkBars } from '../../store/roster/selectors';

const WIDTH = 360;
const HEIGHT = 56;

/** Messages per day as a small bar chart: one bar a day, the busiest day full height. */
export function Sparkline({ points }: { points: readonly { day: string; messages: number }[] }) {
  const { t } = useTranslation();
  const bars = sparkBars(points, WIDTH, HEIGHT);
  const total = points.reduce((n, p) => n + p.messages, 0);
  const first = points[0]?.day ?? '';
  const last = points[points.length - 1]?.day ?? '';
  return (
    <svg className="qz-spark" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={`${t('roster.drawer.activity')}: ${first} – ${last}, ${total}`} data-testid="sparkline">
      {bars.map((b) => (
        // A zero day still gets a sliver, so the reader sees the 90-day span.
        <rect key={b.day} x={b.x} y={b.messages ? b.y : HEIGHT - 1} width={b.width} height={b.messages ? b.height : 1} className={b.messages ? undefined : 'is-zero'}>
          <title>{t('roster.drawer.sparkDay', { day: b.day, n: b.messages })}</title>
        </rect>
      ))}
    </svg>
  );
}
