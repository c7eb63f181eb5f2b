import { absoluteTime } from '@/lib/format';
import { RelativeTime } from './relative-time';

/** When the gateway was last heard from: "now" while it holds a connection, else how long ago. */
export function LastSeen({ status, iso, now }: { status: 'online' | 'offline'; iso: string | null; now: number }) {
  if (status === 'online') {
    return (
      <span className="fl-now" title={iso === null ? 'connected' : `connected; last report ${absoluteTime(iso)}`}>
        now
      </span>
    );
  }
  return <RelativeTime iso={iso} now={now} />;
}
