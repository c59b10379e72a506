import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { NavLink, Route, Routes } from 'react-router';
import { ApplyPage } from './apply/ApplyPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { TrackPage } from './pages/TrackPage';
import { VerifyPage } from './pages/VerifyPage';
import { LoginFailedPage, RequireOfficer } from './session/session';

// The officers' screens are a chunk of their own, fetched after login: the public pages an entrepreneur
// opens on a phone do not carry them.
const OfficerApp = lazy(() => import('./officer/OfficerApp').then((m) => ({ default: m.OfficerApp })));

/** The public pages, the application wizard (/ajukan) and, after login, the officers' pages (/petugas). */
export function App() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'id' : 'en';
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          {t('app.name')}
        </NavLink>
        <nav aria-label={t('app.nav')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('app.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/ajukan">{t('app.apply')}</NavLink>
            </li>
            <li>
              <NavLink to="/lacak">{t('app.track')}</NavLink>
            </li>
            <li>
              <NavLink to="/petugas">{t('app.officers')}</NavLink>
            </li>
          </ul>
        </nav>
        <Button className="language" lang={other} aria-label={t('app.switchLanguageLabel')} onPress={() => void i18n.changeLanguage(other)}>
          {t('app.switchLanguage')}
        </Button>
      </header>
      <main id="main" tabIndex={-1} className="page">
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/ajukan" element={<ApplyPage />} />
          <Route path="/lacak" element={<TrackPage />} />
          <Route path="/verifikasi/:permitNumber" element={<VerifyPage />} />
          <Route path="/masuk-gagal" element={<LoginFailedPage />} />
          <Route
            path="/petugas/*"
            element={
              <RequireOfficer>
                <Suspense fallback={<p role="status">{t('track.loading')}</p>}>
                  <OfficerApp />
                </Suspense>
              </RequireOfficer>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
