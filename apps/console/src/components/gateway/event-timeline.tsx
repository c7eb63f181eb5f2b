'use client';

import useSWRInfinite from 'swr/infinite';
import { eventsPath, GAP_EVENT, type EventPage } from '@/api/telemetry';
import { useThrottled } from '@/components/deployments/use-throttled';
import { ErrorBanner } from '@/components/error-banner';
import { RelativeTime } from '@/components/fleet/relative-time';
import { api, type ApiError } from '@/lib/api';
import { useLive } from '@/lib/live';
import { describeEvent } from './event-text';

/** The gateway's lifecycle events, newest first, older pages on demand, new ones as they arrive. */
export function EventTimeline({ deviceId, now }: { deviceId: string; now: number }) {
  const pages = useSWRInfinite<EventPage, ApiError>(
    (index: number, previous: EventPage | null) => (index === 0 ? eventsPath(deviceId) : previous?.nextBefore == null ? null : eventsPath(deviceId, previous.nextBefore)),
    (path: string) => api<EventPage>(path),
    { revalidateFirstPage: true },
  );
  const refresh = useThrottled(() => void pages.mutate(), 1000);
  useLive({ types: ['device.events'], deviceId }, refresh);

  const events = pages.data?.flatMap((page) => page.items) ?? [];
  const last = pages.data?.at(-1);
  const hasMore = last !== undefined && last.nextBefore !== null;
  const isLoadingMore = pages.isValidating && pages.size > (pages.data?.length ?? 0);

  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      <ErrorBanner error={pages.error} title="The events could not be loaded" />
      {pages.data === undefined ? (
        pages.error === undefined ? <p className="muted">Loading events…</p> : null
      ) : events.length === 0 ? (
        <p className="muted">No events yet. The gateway reports when it pulls images, starts, stops or restarts services, and applies or refuses targets.</p>
      ) : (
        <ol className="timeline gw-events">
          {events.map((event) => {
            const text = describeEvent(event);
            return (
              <li key={`${event.type}-${event.seq}`} className={event.type === GAP_EVENT ? 'gw-event-gap' : undefined}>
                <span className="gw-event-time">
                  <RelativeTime iso={event.at} now={now} />
                  <span className="muted mono">#{event.seq}</span>
                </span>
                <span>
                  <span className={`dot tone-${text.tone}`} aria-hidden /> <strong>{text.title}</strong>
                  {text.detail === undefined ? null : <span className="gw-event-detail">{text.detail}</span>}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {hasMore ? (
        <div className="actions gw-load-more">
          <button type="button" className="button small" disabled={isLoadingMore} onClick={() => void pages.setSize(pages.size + 1)}>
            {isLoadingMore ? 'Loading…' : 'Load older events'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
