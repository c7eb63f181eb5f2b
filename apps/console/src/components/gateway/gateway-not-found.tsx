import Link from 'next/link';
import { EmptyState } from '@/components/empty-state';

export function GatewayNotFound({ id }: { id: string }) {
  return (
    <EmptyState
      title="No such gateway"
      action={
        <Link href="/" className="button primary">
          Back to the fleet
        </Link>
      }
    >
      {`No gateway has the id "${id}". It may have been mistyped, or removed from the fleet.`}
    </EmptyState>
  );
}
