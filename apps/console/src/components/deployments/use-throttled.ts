'use client';

import { useEffect, useMemo, useRef } from 'react';
import { throttle } from './throttle';

/** A stable function that calls the latest `run` at most once per `intervalMs` while mounted. */
export function useThrottled(run: () => void, intervalMs: number): () => void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const throttled = useMemo(() => throttle(() => latest.current(), intervalMs), [intervalMs]);
  useEffect(() => () => throttled.cancel(), [throttled]);
  return throttled.call;
}
