'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { api, SESSION_EXPIRED_EVENT } from '@/lib/api';
import { useApi } from '@/lib/use-api';

interface Me {
  user: { username: string };
  via: 'session' | 'api-token';
  expiresAt: string | null;
}

const NAV: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/', label: 'Fleet' },
  { href: '/apps', label: 'Apps' },
  { href: '/deployments', label: 'Deployments' },
  { href: '/enrollment', label: 'Enrollment' },
  { href: '/settings', label: 'Settings' },
];

function isCurrent(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/' || pathname.startsWith('/gateways');
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Sends the user to log in, remembering where they were so login brings them back. */
function toLogin(expired: boolean): string {
  const here = `${window.location.pathname}${window.location.search}`;
  const search = new URLSearchParams({ next: here });
  if (expired) search.set('expired', '1');
  return `/login?${search.toString()}`;
}

/** Navigation, the signed-in user and the session check around every console page. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();
  const me = useApi<Me>('/auth/me', { revalidateOnFocus: true, shouldRetryOnError: false });

  useEffect(() => {
    const expired = () => router.replace(toLogin(true));
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
  }, [router]);

  useEffect(() => {
    if (me.error?.status === 401) router.replace(toLogin(false));
  }, [me.error, router]);

  const logout = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    // A fresh page load, so nothing read with the old session stays in memory.
    window.location.assign('/login');
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <Link href="/" className="brand">
          Gantry
        </Link>
        <ul>
          {NAV.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={isCurrent(pathname, item.href) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {me.data === undefined ? null : <span className="muted">{me.data.user.username}</span>}
          <button type="button" className="button small" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </nav>
      <main id="main" className="content">
        {me.data === undefined ? <p className="muted">Checking your session…</p> : children}
      </main>
    </div>
  );
}
