'use client';

import { useEffect, useRef, useState } from 'react';
import { API_BASE } from './api';

/** A change the controller streams on /fleet/stream: its SSE event name and its JSON data. */
export interface LiveChange {
  type: string;
  data: Record<string, unknown>;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

interface LiveOptions {
  /** Event types to receive, e.g. `['device.online', 'device.offline']`. */
  types: readonly string[];
  deviceId?: string;
}

/**
 * Subscribes to the controller's live stream while mounted. The browser's EventSource
 * reconnects by itself; the state says whether the page is live, for the indicator.
 */
export function useLive(options: LiveOptions, onChange: (change: LiveChange) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  });
  const types = options.types.join(',');
  const { deviceId } = options;
  useEffect(() => {
    const search = new URLSearchParams({ types });
    if (deviceId !== undefined) search.set('deviceId', deviceId);
    const source = new EventSource(`${API_BASE}/fleet/stream?${search.toString()}`, { withCredentials: true });
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    const listener = (event: MessageEvent<string>) => {
      try {
        handler.current({ type: event.type, data: JSON.parse(event.data) as Record<string, unknown> });
      } catch {
        // A frame that is not JSON is not ours to show.
      }
    };
    const names = types.split(',');
    for (const name of names) source.addEventListener(name, listener);
    return () => {
      for (const name of names) source.removeEventListener(name, listener);
      source.close();
    };
  }, [types, deviceId]);
  return state;
}
