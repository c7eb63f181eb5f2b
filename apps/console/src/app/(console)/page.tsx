import { PageHeader } from '@/components/page-header';

export default function FleetPage() {
  return <PageHeader title="Fleet" subtitle="Every gateway of the fleet." />;
}
