import { Select, Tag } from 'antd';

export interface RuleOption<V> {
  value: V;
  label: string;
  /** An antd preset colour: the option is drawn as a tag of it (labels, auto tags). */
  color?: string;
}

interface Props<V extends string | number> {
  /** The select's name, for its placeholder and for assistive tools (and the tests that find it by it). */
  label: string;
  value: V[] | undefined;
  onChange(value: V[]): void;
  options: RuleOption<V>[];
  minWidth?: number;
  maxWidth?: number;
  /** Folds the chosen values into "+N" once they overflow, for long lists (groups) whose names are wide. */
  collapse?: boolean;
}

/**
 * "Any of these" inside a rule, for either target: platforms, types, groups, labels, tags. Typing
 * searches the labels the operator reads (微信 finds WeChat), never the stored values.
 */
export function RuleMultiSelect<V extends string | number>({ label, value, onChange, options, minWidth = 220, maxWidth, collapse = false }: Props<V>) {
  return (
    <Select<V[], RuleOption<V>>
      mode="multiple"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={label}
      aria-label={label}
      value={value ?? []}
      onChange={onChange}
      options={options}
      optionRender={(o) => (o.data.color ? <Tag color={o.data.color}>{o.label}</Tag> : o.label)}
      style={{ minWidth, maxWidth }}
      {...(collapse ? { maxTagCount: 'responsive' as const } : {})}
    />
  );
}
