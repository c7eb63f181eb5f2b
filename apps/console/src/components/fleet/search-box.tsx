'use client';

import { useEffect, useId, useState } from 'react';

/** The name/id search; sends what was typed once typing pauses, and follows the URL when it changes elsewhere (back button). */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (text: string) => void }) {
  const id = useId();
  const [text, setText] = useState(value);
  const [shownValue, setShownValue] = useState(value);
  if (value !== shownValue) {
    setShownValue(value);
    if (value !== text.trim()) setText(value);
  }

  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);

  return (
    <div className="field">
      <label htmlFor={id}>Search</label>
      <input id={id} type="search" placeholder="Name or id" value={text} maxLength={255} onChange={(event) => setText(event.target.value)} />
    </div>
  );
}
