import type { EnrollmentTokenView } from '@/api/enrollment';
import { TokenRow } from './token-row';

/** Every enrollment token, newest first, never the token itself. */
export function TokenTable({ tokens, onRemoved }: { tokens: readonly EnrollmentTokenView[]; onRemoved: () => Promise<unknown> }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Note</th>
            <th scope="col">Labels</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Used by</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} onRemoved={onRemoved} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
