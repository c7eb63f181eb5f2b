'use client';

import { useEffect, useState } from 'react';

/** `value`, once it has stayed the same for `delayMs` (e.g. a selector while it is typed). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
