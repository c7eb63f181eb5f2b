'use client';

import { useParams } from 'next/navigation';
import { AppDetail } from '@/components/apps/app-detail';

export default function AppPage() {
  const { id } = useParams<{ id: string }>();
  return <AppDetail key={id} appId={decodeURIComponent(id)} />;
}
