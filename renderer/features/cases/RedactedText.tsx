import { Fragment } from 'react';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseRedactionDto } from '../../../shared/api/cases';
import { redactionSpans } from '../../store/cases/selectors';

interface Props {
  text: string;
  redactions: readonly CaseRedactionDto[];
  /** Click on a redaction: switch it off (applied → false) or back on. */
  onToggle?(r: CaseRedactionDto): void;
  disabled?: boolean;
}

/**
 * A case text as exports show it, with every redaction visible: the replacement (成员A, [手机号])
 * highlighted where a redaction is on, the original in a warning style where it was switched off.
 * Each piece is a React text node: the group's words are never parsed as HTML.
 */
export function RedactedText({ text, redactions, onToggle, disabled = false }: Props) {
  const { t } = useTranslation();
  const spans = redactionSpans(text, redactions);
  return (
    <>
      {spans.map((s, i) => {
        const r = s.redaction;
        if (!r) return <Fragment key={i}>{s.text}</Fragment>;
        const kind = t(`cases.redaction.kind.${r.kind}`);
        const tip = r.applied ? t('cases.redaction.on', { kind, original: r.original }) : t('cases.redaction.off', { kind });
        return (
          <Tooltip key={i} title={tip}>
            <button
              type="button"
              className={r.applied ? 'qz-redact is-on' : 'qz-redact is-off'}
              data-testid="redaction"
              data-kind={r.kind}
              data-applied={r.applied}
              aria-pressed={r.applied}
              aria-label={tip}
              disabled={disabled || !onToggle}
              onClick={(e) => {
                e.stopPropagation();
                onToggle?.(r);
              }}
            >
              {s.text}
            </button>
          </Tooltip>
        );
      })}
    </>
  );
}
