import { absoluteTime, relativeTime } from '@/lib/format';

/** "3 minutes ago", with the exact time on hover and for machines. */
export function RelativeTime({ iso, now, never = 'never' }: { iso: string | null; now: number; never?: string }) {
  if (iso === null) return <span className="muted">{never}</span>;
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}
