import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useTitle } from '../pages/useTitle';

/** The officer signed in to the portal, as `GET /auth/session` describes them (never their tokens). */
export interface Officer {
  username: string;
  name: string;
  roles: string[];
  /** The office's 4-digit code; absent for a platform admin. */
  office?: string;
}

/** What `GET /auth/session` answers. */
interface SessionView {
  officer: Officer | null;
  csrfToken?: string;
}

class SessionError extends Error {
  constructor(readonly status: number) {
    super(`GET /auth/session answered ${status}`);
  }
}

export const SESSION_QUERY_KEY = ['auth', 'session'] as const;

/** The current session's CSRF token (set by the session query; none when nobody is signed in). */
let currentCsrfToken: string | undefined;
/** Whether this page has asked `/auth/session` yet (public pages do not run the session query). */
let sessionChecked = false;

async function fetchSession(): Promise<SessionView> {
  const res = await fetch('/auth/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) throw new SessionError(res.status);
  const view = (await res.json()) as SessionView;
  currentCsrfToken = view.officer ? view.csrfToken : undefined;
  sessionChecked = true;
  return view;
}

function useSession() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 60_000, retry: 1 });
}

/** The signed-in officer, or undefined while unknown or when nobody is signed in. */
export function useOfficer(): Officer | undefined {
  return useSession().data?.officer ?? undefined;
}

/** The CSRF token the portal's backend expects on state-changing calls of a session. */
export function csrfToken(): string | undefined {
  return currentCsrfToken;
}

/**
 * The CSRF token for a state-changing call: the session is asked first when this page has not done so (a
 * signed-in officer on a public page, e.g. the application wizard, still has their session cookie, and the
 * portal refuses a write of a session without the token). Undefined for nobody signed in.
 */
export async function csrfTokenForWrite(): Promise<string | undefined> {
  if (!sessionChecked) {
    try {
      await fetchSession();
    } catch {
      // the call itself will answer (e.g. 503 while sessions are unavailable)
    }
  }
  return currentCsrfToken;
}

/** The login address that comes back to the current page (path and query). */
export function loginUrl(): string {
  return `/auth/login?returnTo=${encodeURIComponent(`${window.location.pathname}${window.location.search}`)}`;
}

/** Sends the browser to the officer login, and back here afterwards. */
export function redirectToLogin(): void {
  window.location.assign(loginUrl());
}

/** Officer pages: a loading state, then the login for nobody signed in, else the officer bar and the page. */
export function RequireOfficer({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const nobody = session.isSuccess && !session.data.officer;
  useEffect(() => {
    if (nobody) redirectToLogin();
  }, [nobody]);
  if (session.isPending) {
    return (
      <p role="status" className="session-status">
        {t('session.checking')}
      </p>
    );
  }
  if (session.isError) {
    return (
      <div role="alert" className="session-status">
        <p>{t('session.unavailable')}</p>
        <Button onPress={() => void session.refetch()}>{t('session.retry')}</Button>
      </div>
    );
  }
  if (!session.data.officer) {
    return (
      <p role="status" className="session-status">
        {t('session.redirecting')}
      </p>
    );
  }
  return (
    <>
      <OfficerBar />
      {children}
    </>
  );
}

/** The signed-in officer (name, office, roles) and the logout button, for the officer screens. */
export function OfficerBar() {
  const { t } = useTranslation();
  const officer = useOfficer();
  const queryClient = useQueryClient();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  if (!officer) return null;
  const logout = async () => {
    setState('busy');
    try {
      const token = csrfToken();
      const res = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json', ...(token ? { 'x-csrf-token': token } : {}) } });
      if (!res.ok) throw new SessionError(res.status);
      const { redirectTo } = (await res.json()) as { redirectTo?: string };
      currentCsrfToken = undefined;
      queryClient.removeQueries({ queryKey: SESSION_QUERY_KEY });
      window.location.assign(redirectTo ?? '/');
    } catch {
      setState('failed');
    }
  };
  return (
    <section className="officer-bar" aria-label={t('session.barLabel')}>
      <p className="officer-identity">
        <strong className="officer-name">{officer.name}</strong>
        <span>{officer.office ? t('session.office', { office: officer.office }) : t('session.allOffices')}</span>
        <span>{officer.roles.map((role) => t(`session.roles.${role}`, { defaultValue: role })).join(', ')}</span>
      </p>
      <Button className="react-aria-Button logout" isDisabled={state === 'busy'} onPress={() => void logout()}>
        {state === 'busy' ? t('session.loggingOut') : t('session.logout')}
      </Button>
      {state === 'failed' && (
        <p role="alert" className="error">
          {t('session.logoutFailed')}
        </p>
      )}
    </section>
  );
}

const FAILURES = ['gagal', 'kedaluwarsa', 'tidak-tersedia'] as const;

/** `/masuk-gagal?sebab=…`: a login that could not start or finish, with a way to try again. */
export function LoginFailedPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  useTitle(t('session.failedTitle'));
  const reason = FAILURES.find((r) => r === params.get('sebab')) ?? 'gagal';
  return (
    <>
      <h1>{t('session.failedTitle')}</h1>
      <p>{t(`session.failed.${reason}`)}</p>
      <p>
        <a className="button-link" href="/auth/login?returnTo=%2Fpetugas">
          {t('session.tryAgain')}
        </a>
      </p>
    </>
  );
}
