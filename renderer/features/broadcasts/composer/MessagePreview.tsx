import { Fragment } from 'react';
import { previewLines, safeImageUrl, type Span } from '../../../store/broadcasts/message-preview';

/**
 * A chat bubble with the message as the group sees it, built from text nodes only (never HTML);
 * with a picture (`image`, the core's data URL), a second bubble under it, as it arrives: a
 * message of its own after the text.
 */
export function MessagePreview({ format, title, content, image, imageAlt }: { format: 'text' | 'markdown' | 'post'; title?: string; content: string; image?: string | undefined; imageAlt?: string }) {
  const src = image ? safeImageUrl(image) : null;
  return (
    <>
      <TextBubble format={format} {...(title ? { title } : {})} content={content} />
      {src && (
        <div className="qz-bubble qz-bubble-picture" data-testid="message-preview-image">
          <img src={src} alt={imageAlt ?? ''} />
        </div>
      )}
    </>
  );
}

function TextBubble({ format, title, content }: { format: 'text' | 'markdown' | 'post'; title?: string; content: string }) {
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
