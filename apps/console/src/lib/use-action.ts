'use client';

import { useCallback, useState } from 'react';
import { ApiError } from './api';

/**
 * The state of a form's or a dialog's one write: whether it runs, and why it last failed
 * (with the controller's field issues, for showing beside their fields).
 */
export function useAction() {
  const [isBusy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  /** Runs `work`; resolves true when it succeeded, false when it failed (the failure is kept). */
  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
      return true;
    } catch (error) {
      setFailure(error);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const issueFor = (field: string): string | undefined => (failure instanceof ApiError ? failure.issueFor(field) : undefined);
  const clear = useCallback(() => setFailure(undefined), []);
  return { isBusy, failure, run, issueFor, clear };
}
