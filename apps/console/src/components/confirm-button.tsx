'use client';

import { useRef, type ReactNode } from 'react';
import { useAction } from '@/lib/use-action';
import { ErrorBanner } from './error-banner';

interface ConfirmButtonProps {
  /** The button that opens the confirmation, e.g. "Revoke". */
  label: string;
  /** What will happen, in plain words, e.g. "gw-17 will be disconnected and cannot come back." */
  message: ReactNode;
  /** The confirming button's text, e.g. "Revoke gw-17". */
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  tone?: 'danger' | 'normal';
  disabled?: boolean;
}

/** A destructive action behind a modal dialog that names its consequence. */
export function ConfirmButton({ label, message, confirmLabel, onConfirm, tone = 'danger', disabled = false }: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { isBusy, failure: error, run } = useAction();

  const confirm = async () => {
    if (await run(onConfirm)) dialog.current?.close();
  };

  return (
    <>
      <button type="button" className={tone === 'danger' ? 'button danger' : 'button'} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} className="dialog" aria-label={confirmLabel}>
        <h2>{label}?</h2>
        <div>{message}</div>
        <ErrorBanner error={error} title="It did not work" />
        <div className="actions">
          <button type="button" className="button" onClick={() => dialog.current?.close()} autoFocus>
            Cancel
          </button>
          <button type="button" className={tone === 'danger' ? 'button danger' : 'button primary'} disabled={isBusy} onClick={() => void confirm()}>
            {isBusy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
