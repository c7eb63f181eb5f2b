'use client';

import { useParams } from 'next/navigation';
import { GatewayView } from '@/components/gateway/gateway-view';

export default function GatewayPage() {
  const { id } = useParams<{ id: string }>();
  return <GatewayView key={id} id={decodeURIComponent(id)} />;
}
