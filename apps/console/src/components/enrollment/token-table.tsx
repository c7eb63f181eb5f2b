import type { EnrollmentTokenView } from '@/api/enrollment';
import { DataTable, type Column } from '@/components/data-table';
import { TokenRow } from './token-row';

const COLUMNS: readonly Column[] = [
  { label: 'State' },
  { label: 'Note' },
  { label: 'Labels' },
  { label: 'Created' },
  { label: 'Expires' },
  { label: 'Used by' },
  { label: 'Actions', isLabelHidden: true },
];

/** Every enrollment token, newest first, never the token itself. */
export function TokenTable({ tokens, onRemoved }: { tokens: readonly EnrollmentTokenView[]; onRemoved: () => Promise<unknown> }) {
  return (
    <DataTable columns={COLUMNS}>
      {tokens.map((token) => (
        <TokenRow key={token.id} token={token} onRemoved={onRemoved} />
      ))}
    </DataTable>
  );
}
