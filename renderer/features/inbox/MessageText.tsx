import { Fragment } from 'react';
import { snippet, textSegments } from '../../store/inbox/selectors';

interface Props {
  text: string;
  highlights?: readonly (readonly [number, number])[];
  /** One line starting near the first match, links as plain text (list rows). */
  compact?: boolean;
}

/**
 * Untrusted message text: every piece is a React text node (escaped by React, never parsed as
 * HTML); search matches are wrapped in <mark>, and only http(s) addresses become links, opened
 * outside the app with no access back to it.
 */
export function MessageText({ text, highlights = [], compact = false }: Props) {
  const src = compact ? snippet(text, highlights) : { text, highlights };
  const segments = textSegments(src.text, src.highlights, !compact);
  return (
    <>
      {segments.map((s, i) => {
        const body = s.mark ? <mark className="qz-mark">{s.text}</mark> : s.text;
        if (!s.href) return <Fragment key={i}>{body}</Fragment>;
        return (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow" onClick={(e) => e.stopPropagation()}>
            {body}
          </a>
        );
      })}
    </>
  );
}
