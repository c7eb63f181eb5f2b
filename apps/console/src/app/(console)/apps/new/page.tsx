'use client';

import Link from 'next/link';
import { NewAppForm } from '@/components/apps/new-app-form';
import { PageHeader } from '@/components/page-header';

export default function NewAppPage() {
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/apps">Apps</Link> <span aria-hidden>/</span> <span>New app</span>
      </nav>
      <PageHeader title="New app" subtitle="Write the app's manifest or import a docker-compose file. It is checked as you type; release 1 is cut from it." />
      <NewAppForm />
    </>
  );
}
