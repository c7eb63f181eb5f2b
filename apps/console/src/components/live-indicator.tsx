import type { LiveState } from '@/lib/live';

const WORDS: Record<LiveState, string> = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' };

/** Whether the page is receiving the controller's live changes. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className={`live live-${state}`} role="status" aria-live="polite">
      <span className="dot" aria-hidden /> {WORDS[state]}
    </span>
  );
}
