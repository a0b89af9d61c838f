import { Typography } from 'antd';
import { Time } from '../../lib/Time';

/** A moment in a broadcasts table: short in the cell, in full on hover; a dash when there is none. */
export function TimeCell({ iso, secondary = false }: { iso: string | null; secondary?: boolean }) {
  if (!iso) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text {...(secondary ? { type: 'secondary' as const } : {})}>
      <Time iso={iso} />
    </Typography.Text>
  );
}
