import { Fragment } from 'react';
import { previewLines, type Span } from '../../../store/broadcasts/message-preview';

/** A chat bubble with the message as the group sees it, built from text nodes only (never HTML). */
export function MessagePreview({ format, title, content }: { format: 'text' | 'markdown' | 'post'; title?: string; content: string }) {
  return (
    <div className="qz-bubble" data-testid="message-preview">
      {title ? <div className="qz-bubble-title">{title}</div> : null}
      {previewLines(content, format).map((line, i) => {
        if (line.kind === 'blank') return <div key={i} className="qz-bubble-blank" />;
        const spans = line.spans.map((s, j) => <SpanView key={j} span={s} />);
        if (line.kind === 'heading') return <div key={i} className="qz-bubble-heading">{spans}</div>;
        if (line.kind === 'quote') return <div key={i} className="qz-bubble-quote">{spans}</div>;
        if (line.kind === 'item') return <div key={i} className="qz-bubble-item">• {spans}</div>;
        return <div key={i}>{spans}</div>;
      })}
    </div>
  );
}

function SpanView({ span }: { span: Span }) {
  if (span.kind === 'bold') return <strong>{span.text}</strong>;
  // A link shows where it goes; the preview never navigates.
  if (span.kind === 'link')
    return (
      <span className="qz-bubble-link" title={span.href}>
        {span.text}
      </span>
    );
  return <Fragment>{span.text}</Fragment>;
}
