'use client';

import { useRef } from 'react';
import { CopyButton } from './copy-button';

/** Text to copy exactly, e.g. a command or a secret, in a monospaced block with a Copy button. */
export function CopyBlock({ text, label }: { text: string; label: string }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="copy-block">
      <pre ref={pre} aria-label={label} tabIndex={0}>
        {text}
      </pre>
      <CopyButton text={text} target={pre} />
    </div>
  );
}
