'use client';

import { Suspense } from 'react';
import { FleetView } from '@/components/fleet/fleet-view';

export default function FleetPage() {
  // The fleet's filters live in the URL's search, which is only known in the browser.
  return (
    <Suspense fallback={<p className="muted">Loading the fleet…</p>}>
      <FleetView />
    </Suspense>
  );
}
