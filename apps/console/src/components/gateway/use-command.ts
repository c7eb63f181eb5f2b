'use client';

import { useCallback, useRef, useState } from 'react';

export type CommandState<T> = { phase: 'idle' } | { phase: 'waiting' } | { phase: 'done'; result: T } | { phase: 'failed'; message: string };

/**
 * One command's progress for a button: waiting while it is in flight (the gateway may
 * take seconds), then its result or its failure in words. A second send while one is in
 * flight is ignored, so a double click cannot restart a service twice.
 */
export function useCommand<T>(send: () => Promise<T>): { state: CommandState<T>; run: () => Promise<void>; reset: () => void } {
  const [state, setState] = useState<CommandState<T>>({ phase: 'idle' });
  const inFlight = useRef(false);
  const run = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState({ phase: 'waiting' });
    try {
      setState({ phase: 'done', result: await send() });
    } catch (error) {
      setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      inFlight.current = false;
    }
  }, [send]);
  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, run, reset };
}
