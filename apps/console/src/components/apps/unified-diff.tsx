import { diffLines } from './diff-lines';

/** A unified diff with added lines in green and removed ones in red. */
export function UnifiedDiff({ text }: { text: string }) {
  const lines = diffLines(text);
  if (lines.length === 0) return <p className="muted">No differences in the canonical manifests.</p>;
  return (
    <pre className="diff" aria-label="Unified diff of the canonical manifests">
      {lines.map((line, index) => (
        <span key={index} className={`diff-line diff-${line.kind}`}>
          {line.text === '' ? ' ' : line.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
