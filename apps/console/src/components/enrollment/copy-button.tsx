'use client';

import { useState, type RefObject } from 'react';

type Outcome = 'idle' | 'copied' | 'selected';

/** Selects the element's text so the user can copy it by hand. */
function selectContents(element: HTMLElement | null): boolean {
  const selection = window.getSelection();
  if (element === null || selection === null) return false;
  selection.selectAllChildren(element);
  return true;
}

/**
 * Copies text to the clipboard. Where the Clipboard API is missing (plain http on another
 * host than localhost) or refused, the text is selected instead and the button says so.
 */
export function CopyButton({ text, target, label = 'Copy' }: { text: string; target?: RefObject<HTMLElement | null>; label?: string }) {
  const [outcome, setOutcome] = useState<Outcome>('idle');
  const copy = async () => {
    try {
      if (navigator.clipboard === undefined) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome(selectContents(target?.current ?? null) ? 'selected' : 'idle');
    }
    window.setTimeout(() => setOutcome('idle'), 2500);
  };
  const words: Record<Outcome, string> = { idle: label, copied: 'Copied', selected: 'Selected: press Ctrl+C' };
  return (
    <button type="button" className="button small" onClick={() => void copy()} aria-live="polite">
      {words[outcome]}
    </button>
  );
}
