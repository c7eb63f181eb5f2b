'use client';

import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Field } from '@/components/field';
import { ErrorBanner } from '@/components/error-banner';
import { api, ApiError } from '@/lib/api';
import { safeReturnPath } from '@/lib/return-path';

export function LoginForm() {
  const params = useSearchParams();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(undefined);
  const [isBusy, setBusy] = useState(false);
  const wasExpired = params.get('expired') === '1';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = {
      ...(username.trim() === '' ? { username: 'Enter your username.' } : {}),
      ...(password === '' ? { password: 'Enter your password.' } : {}),
    };
    setFieldErrors(errors);
    setError(undefined);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      await api('/auth/login', { method: 'POST', body: { username: username.trim(), password } });
      // A fresh page load: whatever the console read before (the 401 that sent us here
      // among it) belonged to the old session.
      window.location.assign(safeReturnPath(params.get('next')));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setError(new Error('Wrong username or password.'));
      else setError(failure);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      {wasExpired ? (
        <p className="banner banner-info" role="status">
          Your session has expired. Log in again to go back where you were.
        </p>
      ) : null}
      <ErrorBanner error={error} title="Could not log in" />
      <Field label="Username" name="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} error={fieldErrors.username} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} error={fieldErrors.password} autoFocus />
      <button type="submit" className="button primary wide" disabled={isBusy}>
        {isBusy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
