import { shortHash } from '@/api/apps';
import { CopyButton } from '@/components/enrollment/copy-button';

/** A content hash shortened to read, the full one in its tooltip and behind Copy. */
export function HashChip({ hash }: { hash: string }) {
  return (
    <span className="hash-chip">
      <code title={hash}>{shortHash(hash)}</code>
      <CopyButton text={hash} label="Copy" />
    </span>
  );
}
