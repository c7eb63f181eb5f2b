'use client';

import { useEffect, useRef } from 'react';

interface ZeroMatchDialogProps {
  isOpen: boolean;
  selector: string;
  isBusy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Asks before deploying to a selector that matches no gateway today. */
export function ZeroMatchDialog({ isOpen, selector, isBusy, onCancel, onConfirm }: ZeroMatchDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (isOpen && !element.open) element.showModal();
    if (!isOpen && element.open) element.close();
  }, [isOpen]);

  return (
    <dialog ref={dialog} className="dialog" aria-label="Deploy to no gateway yet" onClose={onCancel}>
      <h2>Deploy to no gateway yet?</h2>
      <p>
        The selector <code>{selector === '' ? '(empty)' : selector}</code> matches no gateway yet; gateways enrolled later with these labels will get it.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button primary" disabled={isBusy} onClick={onConfirm}>
          {isBusy ? 'Deploying…' : 'Deploy anyway'}
        </button>
      </div>
    </dialog>
  );
}
